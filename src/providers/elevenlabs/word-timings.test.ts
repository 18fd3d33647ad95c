import { describe, expect, it } from "vitest";
import type { CharacterAlignment } from "./elevenlabs-api-types.js";
import { wordTimingsFromAlignment } from "./word-timings.js";

/** An even alignment of `text`, 0.1 s per character, like the API's shape. */
function alignmentOf(text: string): CharacterAlignment {
  const characters = [...text];
  return {
    characters,
    characterStartTimesSeconds: characters.map((_, index) => index * 0.1),
    characterEndTimesSeconds: characters.map((_, index) => (index + 1) * 0.1),
  };
}

describe("wordTimingsFromAlignment", () => {
  it("groups characters into words with the first start and the last end", () => {
    const result = wordTimingsFromAlignment(alignmentOf("Hi there"));
    expect(result).toEqual({
      ok: true,
      words: [
        { word: "Hi", start: 0, end: expect.closeTo(0.2, 6) },
        { word: "there", start: expect.closeTo(0.3, 6), end: expect.closeTo(0.8, 6) },
      ],
      endSeconds: expect.closeTo(0.8, 6),
    });
  });

  it("keeps punctuation on words and glues lone punctuation to a neighbour", () => {
    const result = wordTimingsFromAlignment(alignmentOf("— Well, wait … now!"));
    if (!result.ok) throw new Error(result.reason);
    expect(result.words.map((word) => word.word)).toEqual(["— Well,", "wait …", "now!"]);
    expect(result.words[0]?.start).toBe(0);
  });

  it("collapses runs of whitespace and newlines", () => {
    const result = wordTimingsFromAlignment(alignmentOf("  one \n\n two  "));
    if (!result.ok) throw new Error(result.reason);
    expect(result.words.map((word) => word.word)).toEqual(["one", "two"]);
  });

  it("forces times to be monotonic when the provider's go backwards", () => {
    const result = wordTimingsFromAlignment({
      characters: ["a", " ", "b", " ", "c"],
      characterStartTimesSeconds: [0.5, 0.6, 0.4, 0.7, 0.9],
      characterEndTimesSeconds: [0.6, 0.7, 0.3, 0.9, 1.0],
    });
    if (!result.ok) throw new Error(result.reason);
    for (const [index, word] of result.words.entries()) {
      expect(word.end).toBeGreaterThanOrEqual(word.start);
      const previous = result.words[index - 1];
      if (previous) expect(word.start).toBeGreaterThanOrEqual(previous.start);
    }
    expect(result.words[1]).toEqual({ word: "b", start: 0.6, end: 0.6 });
  });

  it("reports arrays of different lengths instead of inventing times", () => {
    const result = wordTimingsFromAlignment({
      characters: ["a", "b"],
      characterStartTimesSeconds: [0],
      characterEndTimesSeconds: [0.1, 0.2],
    });
    expect(result.ok).toBe(false);
  });

  it("returns no words and no end for an empty alignment", () => {
    expect(
      wordTimingsFromAlignment({
        characters: [],
        characterStartTimesSeconds: [],
        characterEndTimesSeconds: [],
      }),
    ).toEqual({ ok: true, words: [], endSeconds: undefined });
  });
});
