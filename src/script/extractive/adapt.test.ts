import { describe, expect, it } from "vitest";
import { screenplaySchema } from "../schema.js";
import { adaptChapter } from "./adapt.js";
import { adaptInput, bookOf, castOf } from "./test-support.js";

const bible = castOf([
  { name: "Alice", gender: "female" },
  { name: "Hatter", gender: "male", aliases: ["the Hatter"] },
  { name: "March Hare", gender: "male", aliases: ["the March Hare"] },
]);

const filler = (topic: string, count: number) =>
  Array.from(
    { length: count },
    (_unused, index) => `The ${topic} was quiet for a while, turn ${index}.`,
  ).join(" ");

const chapter = [
  `There was a table set out under a tree in front of the house. ${filler("tea", 6)}`,
  "“No room! No room!” cried the Hatter.",
  "“There's plenty of room!” said Alice indignantly, and she sat down in a large arm-chair.",
  "“Have some wine,” the March Hare said in an encouraging tone.",
  "“I don't see any wine,” she remarked.",
  "* * *",
  `The next morning Alice walked through the wood alone. ${filler("wood", 8)}`,
  "“What a curious place!” Alice whispered.",
  `She went on and on. ${filler("path", 5)}`,
].join("\n\n");

describe("extractive adaptation", () => {
  it("produces a valid screenplay with scenes, speakers and shots", async () => {
    const { screenplay, newCharacters } = await adaptChapter(adaptInput(bookOf([chapter]), bible));
    expect(() => screenplaySchema.parse(screenplay)).not.toThrow();
    expect(screenplay.scenes).toHaveLength(2);
    const lines = screenplay.scenes.flatMap((scene) => scene.lines);
    expect(lines.find((line) => line.text === "No room! No room!")).toMatchObject({
      speaker: "hatter",
      emotion: "excited",
    });
    expect(lines.find((line) => line.text.startsWith("I don't see"))?.speaker).toBe("alice");
    expect(lines.find((line) => line.text === "What a curious place!")?.emotion).toBe("whispering");
    expect(newCharacters).toEqual([]);
    // Tags do not leak into narration lines.
    expect(lines.some((line) => line.speaker === "narrator" && /said Alice/.test(line.text))).toBe(
      false,
    );
  });

  it("heads scenes from place and time words", async () => {
    const { screenplay } = await adaptChapter(adaptInput(bookOf([chapter]), bible));
    expect(screenplay.scenes[0]?.heading).toMatch(
      /^EXT\. THE HOUSE - DAY$|^(INT\.|EXT\.|INT\.\/EXT\.) .+ - DAY$/,
    );
    expect(screenplay.scenes[1]?.heading).toMatch(/^EXT\. THE WOOD - MORNING$/);
  });

  it("plans shots: the opening one establishes, two speakers share a frame", async () => {
    const { screenplay } = await adaptChapter(adaptInput(bookOf([chapter]), bible));
    const [first, second] = screenplay.scenes;
    expect(first?.shots[0]?.camera).toBe("ESTABLISHING");
    expect(second?.shots[0]?.camera).toBe("WIDE");
    for (const scene of screenplay.scenes) {
      for (const shot of scene.shots) {
        const lines = scene.lines.filter((line) => line.shot === shot.id);
        expect(lines.length).toBeGreaterThanOrEqual(1);
        expect(lines.length).toBeLessThanOrEqual(3);
        const speakers = new Set(
          lines.map((line) => line.speaker).filter((id) => id !== "narrator"),
        );
        for (const speaker of speakers) expect(shot.characters).toContain(speaker);
        if (shot !== scene.shots[0] && speakers.size === 2) {
          expect(["TWO-SHOT", "OVER-THE-SHOULDER"]).toContain(shot.camera);
        }
      }
    }
  });

  it("is deterministic", async () => {
    const first = await adaptChapter(adaptInput(bookOf([chapter]), bible, 0.5));
    const second = await adaptChapter(adaptInput(bookOf([chapter]), bible, 0.5));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it("changes only the edited scene when one paragraph changes", async () => {
    const three = `${chapter}\n\n* * *\n\n${filler("hall", 12)}\n\n“Who is there?” asked the Hatter.`;
    const edited = three.replace(
      "She went on and on.",
      "She went on and on, humming a tune about bats.",
    );
    const before = (await adaptChapter(adaptInput(bookOf([three]), bible))).screenplay.scenes;
    const after = (await adaptChapter(adaptInput(bookOf([edited]), bible))).screenplay.scenes;
    expect(before).toHaveLength(3);
    expect(after).toHaveLength(3);
    expect(after[0]).toEqual(before[0]);
    expect(after[2]).toEqual(before[2]);
    expect(after[1]?.sourceHash).not.toBe(before[1]?.sourceHash);
    expect(after[1]?.lines).not.toEqual(before[1]?.lines);
  });

  it("condenses narration to the scene's share and keeps dialogue whole", async () => {
    const long = `${filler("garden", 60)}\n\n“Hello there, my dear friend,” said Alice.\n\n${filler("lawn", 60)}`;
    const { screenplay } = await adaptChapter(adaptInput(bookOf([long]), bible, 0.2));
    const lines = screenplay.scenes.flatMap((scene) => scene.lines);
    const words = lines.reduce((sum, line) => sum + line.text.split(/\s+/).length, 0);
    const source = long.split(/\s+/).length;
    expect(words).toBeGreaterThan(source * 0.2 * 0.8);
    expect(words).toBeLessThan(source * 0.2 * 1.2);
    expect(
      lines.some(
        (line) => line.text === "Hello there, my dear friend," && line.speaker === "alice",
      ),
    ).toBe(true);
  });

  it("adds speakers the bible lacks as new characters", async () => {
    const text = "“Who are you?” said the Caterpillar.\n\n“I hardly know,” replied Alice.";
    const { screenplay, newCharacters } = await adaptChapter(adaptInput(bookOf([text]), bible));
    expect(newCharacters.map((character) => character.name)).toEqual(["Caterpillar"]);
    expect(screenplay.scenes[0]?.lines[0]?.speaker).toBe("caterpillar");
  });

  it("survives other languages and an empty chapter", async () => {
    const spanish = "—¿Quién eres? —dijo el caballero.\n\n—Nadie —respondió Sancho.";
    const japanese = "「おい」と声を掛けたが返事がない。\n\n軒下から奥を覗く。";
    for (const text of [spanish, japanese, ""]) {
      const { screenplay } = await adaptChapter(adaptInput(bookOf([text], "es"), bible));
      expect(() => screenplaySchema.parse(screenplay)).not.toThrow();
    }
  });
});
