import { describe, expect, it } from "vitest";
import { NARRATOR } from "../schema.js";
import { adaptChapter } from "./adapt.js";
import { sceneHeading } from "./heading.js";
import { adaptInput, bookOf, castOf } from "./test-support.js";
import { countWords } from "./text.js";

/**
 * The adaptation at low ratios: the conversation keeps its shape, narration keeps a share,
 * shots are described from what can be seen, headings come from the narration.
 */

const bible = castOf([
  { name: "Mrs. Grey", gender: "female" },
  { name: "Mr. Grey", gender: "male" },
  { name: "Mr. Ashford", gender: "male" },
  { name: "Lady Vane", gender: "female" },
  { name: "Tom", gender: "male" },
  { name: "Nell", gender: "female" },
  { name: "Kit", gender: "male" },
]);
bible.locations.push({ id: "london", name: "London", description: "", interior: null });
bible.locations.push({ id: "holm-house", name: "Holm House", description: "", interior: true });

const rambling = (topic: string) =>
  `Oh, you must hear about ${topic}, my dear. Everybody in the county talks of ${topic} and ` +
  `nothing else, and I have thought of ${topic} all the morning long. Lady Vane says ${topic} ` +
  `is the finest thing in London, and I dare say she is quite right about it all.`;

const chapter = [
  "This was a quiet household in those days. Mr. Grey sat by the fire in the small parlour " +
    "at Holm House, a newspaper open on his knees, while the rain ran down the tall windows.",
  `“${rambling("the new tenant")}” said Mrs. Grey.`,
  "“I have not heard,” replied Mr. Grey.",
  `“${rambling("his carriage")}” said Mrs. Grey.`,
  "“What is that to us?” said Mr. Grey.",
  "This was reply enough. She went on at once.",
  `“${rambling("his fortune")}” she cried.`,
  "“Is he married?” said he.",
  `“${rambling("his marrying")}” said Mrs. Grey.`,
  "“You are very tiresome,” said Mr. Grey.",
  "Mr. Grey was an odd mixture of wit and reserve, and his wife had never understood him.",
].join("\n\n");

async function scene(ratio: number) {
  const { screenplay } = await adaptChapter(adaptInput(bookOf([chapter]), bible, ratio));
  return screenplay.scenes[0]!;
}

describe("adaptation at the target ratio", () => {
  it("keeps both sides of the conversation and cuts only between sentences", async () => {
    for (const ratio of [0.3, 0.15]) {
      const lines = (await scene(ratio)).lines;
      const speakers = new Set(lines.map((line) => line.speaker));
      expect(speakers.has("mrs-grey")).toBe(true);
      expect(speakers.has("mr-grey")).toBe(true);
      // A whole quote may end where its tag began ("I have not heard,"); a cut one ends a sentence.
      for (const line of lines) expect(line.text).toMatch(/[.!?”’,]$/);
    }
  });

  it("opens on narration and keeps a share of it", async () => {
    const lines = (await scene(0.3)).lines;
    expect(lines[0]?.speaker).toBe(NARRATOR);
    const words = (list: typeof lines) =>
      list.reduce((sum, line) => sum + countWords(line.text), 0);
    const narration = words(lines.filter((line) => line.speaker === NARRATOR));
    expect(narration / words(lines)).toBeGreaterThanOrEqual(0.2);
  });

  it("describes shots with what can be seen, never a quote, and frames only who is there", async () => {
    const shots = (await scene(0.3)).shots;
    for (const shot of shots) {
      expect(shot.description).not.toMatch(/This was reply enough/);
      expect(shot.description).not.toMatch(/you must hear|tiresome/);
      // Lady Vane is only talked about, inside quotes.
      expect(shot.characters).not.toContain("lady-vane");
      expect(shot.characters.length).toBeLessThanOrEqual(4);
    }
    expect(shots[0]?.description).toMatch(/fire|parlour|rain|windows/);
  });

  it("heads the scene from where the narration puts it, not from places said in quotes", async () => {
    const found = await scene(0.3);
    expect(found.heading).toMatch(/^INT\. (?:Holm House|THE PARLOUR) - /);
    expect(found.heading).not.toMatch(/London/);
    expect(found.location === null || found.location === "holm-house").toBe(true);
  });
});

describe("scene headings", () => {
  it("sets a bible location only when the narration puts the scene there", () => {
    const narration = "They spoke of the weather. Nobody thought of London for a moment.";
    const result = sceneHeading(narration, bible, "Chapter 4");
    expect(result.location).toBeNull();
    expect(result.heading).toMatch(/CHAPTER 4/);
    const there = sceneHeading("They drove at last into London and stopped.", bible, "Chapter 4");
    expect(there.location).toBe("london");
  });

  it("prefers a setting the narration enters over a town someone went to", () => {
    const narration =
      "He had gone to London the week before. When the party entered the ball-room, the music began.";
    expect(sceneHeading(narration, bible, "Chapter 3").heading).toMatch(/THE BALL-ROOM/);
  });

  it("composes a description when the narration shows nothing", async () => {
    const bare = [
      "It was agreed at last.",
      "“Are you coming?” said Tom.",
      "“I am,” said Nell.",
    ].join("\n\n");
    const { screenplay } = await adaptChapter(adaptInput(bookOf([bare]), bible, 1));
    const descriptions = screenplay.scenes[0]!.shots.map((shot) => shot.description);
    expect(descriptions.join(" ")).not.toMatch(/It was agreed/);
    // Composed from who is in frame and the time instead.
    expect(descriptions.join(" ")).toMatch(/Tom\b.*\bday\b/);
    expect(descriptions.join(" ")).toMatch(/Nell\b.*\bday\b/);
  });
});

describe("speech tags without a verb", () => {
  it("gives `“…,” as she entered the room, “…”` to the last woman who spoke", async () => {
    const text = [
      "“Where is he?” said Nell.",
      "“Gone out,” said Tom.",
      "Kit sat reading when the door opened. Tom had gone to bed long before.",
      "“Oh, my dear Kit,” as she entered the room, “Tom has had the best evening of all.”",
    ].join("\n\n");
    const { screenplay } = await adaptChapter(adaptInput(bookOf([text]), bible, 1));
    const line = screenplay.scenes[0]!.lines.find((item) => item.text.startsWith("Oh, my dear"));
    expect(line?.speaker).toBe("nell");
    expect(line?.text).toMatch(/best evening/);
  });
});
