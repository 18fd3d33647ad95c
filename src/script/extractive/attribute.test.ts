import { describe, expect, it } from "vitest";
import { slugify } from "../slug.js";
import { attributor, quoteEmotion, type Unit } from "./attribute.js";
import { tagAfter, tagBefore, withoutTag } from "./tags.js";
import { castOf } from "./test-support.js";

const cast = castOf([
  { name: "Alice", gender: "female" },
  { name: "Hatter", gender: "male", aliases: ["the Hatter"] },
  { name: "Queen", gender: "female", aliases: ["the Queen"] },
  { name: "Mr. Bennet", gender: "male" },
  { name: "Mrs. Bennet", gender: "female" },
]).characters;

function speakers(
  paragraphs: string[],
  style: "double" | "single" = "double",
): Array<[string, string | null]> {
  const units: Unit[] = attributor(cast, style, (name) => slugify(name)).attribute(paragraphs);
  return units.filter((unit) => unit.kind === "quote").map((unit) => [unit.text, unit.speaker]);
}

describe("speech tags", () => {
  it("reads both orders, titles, articles and relations", () => {
    expect(tagAfter(", said Alice.")?.subject).toBe("Alice");
    expect(tagAfter(" Alice said.")?.subject).toBe("Alice");
    expect(tagAfter(" cried the Queen.")?.subject).toBe("the Queen");
    expect(tagAfter(" replied Mr. Bennet.")?.subject).toBe("Mr. Bennet");
    expect(tagAfter(" said his lady to him one day,")?.subject).toBe("his lady");
    expect(tagAfter(" the Hatter went on.")?.subject).toBe("the Hatter");
    expect(tagAfter(" Alice hastily replied;")?.subject).toBe("Alice");
    expect(tagAfter(" It was late.")).toBeNull();
    expect(tagBefore("Alice said with some severity,")?.subject).toBe("Alice");
    expect(tagBefore("The Hatter looked at her; but all he said was,")?.subject).toBe("he");
  });

  it("cuts the tag out of the narration it sits in", () => {
    const narration = "said Alice indignantly, and she sat down in a large arm-chair.";
    const tag = tagAfter(narration)!;
    expect(withoutTag(narration, tag)).toBe("she sat down in a large arm-chair.");
  });
});

describe("speaker attribution", () => {
  it("uses explicit tags after and before the quote", () => {
    expect(
      speakers(["“No room!” cried the Queen.", "Alice said, “There's plenty of room!”"]),
    ).toEqual([
      ["No room!", "queen"],
      ["There's plenty of room!", "alice"],
    ]);
  });

  it("gives a split quote's second half to the same speaker", () => {
    expect(speakers(["“I do,” said Alice; “at least I mean what I say.”"])).toEqual([
      ["I do,", "alice"],
      ["at least I mean what I say.", "alice"],
    ]);
  });

  it("resolves pronouns to the last named character of that gender", () => {
    const result = speakers([
      "The Hatter looked at Alice.",
      "“Is that so?” she asked.",
      "“It is,” he said.",
    ]);
    expect(result).toEqual([
      ["Is that so?", "alice"],
      ["It is,", "hatter"],
    ]);
  });

  it("finds a wife through her husband's surname", () => {
    expect(
      speakers(["Mr. Bennet read.", "“My dear,” said his lady, “have you heard?”"])[0]?.[1],
    ).toBe("mrs-bennet");
  });

  it("alternates turns in an untagged run and never makes someone answer herself", () => {
    const result = speakers([
      "“What is his name?” asked Mr. Bennet.",
      "“Bingley,” replied Mrs. Bennet.",
      "“Is he married?”",
      "“Oh, single, my dear!”",
      "“How so?”",
    ]);
    expect(result.map(([, speaker]) => speaker)).toEqual([
      "mr-bennet",
      "mrs-bennet",
      "mr-bennet",
      "mrs-bennet",
      "mr-bennet",
    ]);
  });

  it("turns a named speaker the cast lacks into a new slug", () => {
    const units = attributor(cast, "double", (name) => slugify(name)).attribute([
      "“Off!” said the Footman.",
    ]);
    expect(units[0]).toMatchObject({ speaker: "footman", newName: "Footman" });
  });

  it("reads single-quoted books", () => {
    expect(speakers(["'Have some wine,' the Hatter said."], "single")).toEqual([
      ["Have some wine,", "hatter"],
    ]);
  });

  it("takes the emotion from the verb, then the punctuation", () => {
    expect(quoteEmotion("Come here", "whispered")).toBe("whispering");
    expect(quoteEmotion("Come here!", "said")).toBe("excited");
    expect(quoteEmotion("Come here?", undefined)).toBe("curious");
    expect(quoteEmotion("Come here.", "sobbed")).toBe("sad");
    expect(quoteEmotion("Come here.", "said")).toBe("neutral");
  });
});
