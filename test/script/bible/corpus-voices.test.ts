import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBook } from "../../../src/ingest/index.js";
import { listVoices } from "../../../src/providers/local/espeak-voices.js";
import { assignVoices, buildBible } from "../../../src/script/bible/index.js";
import { extractiveWriter, findCharacters } from "../../../src/script/extractive/index.js";
import type { Bible } from "../../../src/script/schema.js";
import { corpusDir, corpusPresent, inCi } from "../../support/corpus.js";
import { shuffled } from "./fixtures.js";

/** The voice rules on a real book's cast, as the offline writer finds it. */
async function prideBible(): Promise<Bible> {
  const book = await readBook(join(corpusDir, "pride_and_prejudice_pg1342_illustrated.txt"));
  const candidates = await findCharacters(book);
  const draft = await extractiveWriter().draftBible({
    book,
    candidates,
    passages: async () => [],
  });
  return buildBible(draft, book, null);
}

if (!corpusPresent) {
  describe("voices on a corpus book", () => {
    it("needs the corpus", () => {
      if (inCi) throw new Error(`corpus missing at ${corpusDir}`);
      console.log(`skipped: no corpus at ${corpusDir}`);
    });
  });
} else {
  describe("voices on Pride and Prejudice (corpus)", () => {
    it("casts the narrator and the six most frequent characters distinctly, the same every time", async () => {
      const bible = await prideBible();
      const cast = assignVoices(bible, "local", listVoices());
      const again = assignVoices(await prideBible(), "local", shuffled(listVoices(), 5));
      expect(again).toEqual(cast);

      const top = [...cast.characters].sort((a, b) => b.mentions - a.mentions).slice(0, 6);
      const voices = [
        cast.narrator.voices.local?.voiceId,
        ...top.map((c) => c.voices.local?.voiceId),
      ];
      console.log(
        `P&P cast (local): narrator=${voices[0]}; ${top.map((c) => `${c.id}(${c.gender},${c.mentions})=${c.voices.local?.voiceId}`).join("; ")}`,
      );
      expect(top.length).toBe(6);
      // eSpeak has four voice families per gender (one taken by the narrator): this cast fits,
      // so all seven must sound different, judged by family, since "en+f4" and "en-us+f4"
      // differ only in accent.
      const perGender = (gender: string) => top.filter((c) => c.gender === gender).length;
      expect(perGender("female")).toBeLessThanOrEqual(4);
      expect(perGender("male")).toBeLessThanOrEqual(3);
      const family = new Map(listVoices().map((voice) => [voice.voiceId, voice.family]));
      expect(new Set(voices.map((voiceId) => family.get(voiceId ?? ""))).size).toBe(7);
    });
  });
}
