import { describe, expect, it } from "vitest";
import { findCharacters } from "./characters.js";
import { resolveSpeaker } from "./speaker.js";
import { bookOf, castOf } from "./test-support.js";

const chapters = [
  [
    "“My dear Mr. Bennet,” said Mrs. Bennet, “have you heard?” Mr. Bennet replied that he had not.",
    "“Is he married?” asked Mr Bennet. Mrs Bennet smiled; she was pleased. On Monday they dined.",
    "God knows, said nobody. Mr. Bennet read his book and he laughed. Mrs. Bennet sighed and she left.",
  ].join("\n\n"),
  [
    "“Off with his head!” cried the Queen. The Queen was angry and she shouted.",
    "“Twinkle, twinkle,” sang the Hatter. The Hatter bowed; he was a little man.",
    "Elizabeth Bennet walked in. Elizabeth smiled, and she sat. Elizabeth was tired, so she slept. Elizabeth woke; she was amused.",
    "Then the Queen turned to Elizabeth. “Well!” said the Queen. Monday came. Well, it did.",
  ].join("\n\n"),
];

describe("character finder", () => {
  it("finds people across the whole book, merged but never across titles", async () => {
    const found = await findCharacters(bookOf(chapters));
    const names = found.map((candidate) => candidate.name);
    expect(names).toEqual(
      expect.arrayContaining(["Mr. Bennet", "Mrs. Bennet", "Queen", "Elizabeth"]),
    );
    expect(names).not.toContain("Bennet");
    const mr = found.find((candidate) => candidate.name === "Mr. Bennet")!;
    const mrs = found.find((candidate) => candidate.name === "Mrs. Bennet")!;
    expect(mr.gender).toBe("male");
    expect(mrs.gender).toBe("female");
    expect(mr.mentions).toBeGreaterThanOrEqual(4);
    expect(mrs.firstChapter).toBe(1);
    const queen = found.find((candidate) => candidate.name === "Queen")!;
    expect(queen).toMatchObject({ gender: "female", firstChapter: 2 });
    expect(queen.speaking).toBe(2);
    expect(queen.aliases).toContain("the Queen");
    const elizabeth = found.find((candidate) => candidate.name === "Elizabeth")!;
    expect(elizabeth.aliases).toContain("Elizabeth Bennet");
    expect(elizabeth.gender).toBe("female");
  });

  it("drops days, God and interjections, and sorts by mentions", async () => {
    const found = await findCharacters(bookOf(chapters));
    const names = found.map((candidate) => candidate.name);
    for (const wrong of ["Monday", "God", "Well", "Then"]) expect(names).not.toContain(wrong);
    const mentions = found.map((candidate) => candidate.mentions);
    expect(mentions).toEqual([...mentions].sort((left, right) => right - left));
  });

  it("does not crash on a book in another language", async () => {
    const found = await findCharacters(bookOf(["—Hola —dijo Sancho.\n\nDon Quijote calló."], "es"));
    expect(Array.isArray(found)).toBe(true);
  });
});

describe("resolveSpeaker", () => {
  const bible = castOf([
    { name: "Mr. Bennet" },
    { name: "Mrs. Bennet" },
    { name: "Hatter", aliases: ["the Hatter"] },
    { name: "March Hare", aliases: ["Hare"] },
  ]);

  it("tolerates titles without a full stop, articles and case", () => {
    expect(resolveSpeaker("Mr Bennet", bible)).toBe("mr-bennet");
    expect(resolveSpeaker("mrs. bennet", bible)).toBe("mrs-bennet");
    expect(resolveSpeaker("The Hatter", bible)).toBe("hatter");
    expect(resolveSpeaker("the March Hare", bible)).toBe("march-hare");
    expect(resolveSpeaker("Hare", bible)).toBe("march-hare");
    expect(resolveSpeaker("narrator", bible)).toBe("narrator");
  });

  it("resolves nothing for a shared surname or a stranger", () => {
    expect(resolveSpeaker("Bennet", bible)).toBeNull();
    expect(resolveSpeaker("the Cheshire Cat", bible)).toBeNull();
  });
});
