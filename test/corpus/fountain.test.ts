import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LitinkConfig } from "../../src/config/schema.js";
import { readBook } from "../../src/ingest/index.js";
import { buildBible, extendBible } from "../../src/script/bible/index.js";
import { extractiveWriter, findCharacters } from "../../src/script/extractive/index.js";
import { toFountain } from "../../src/script/fountain.js";
import { type Screenplay, screenplaySchema } from "../../src/script/schema.js";
import { chapterTarget } from "../../src/script/target.js";
import type { BodyChapter } from "../../src/script/writer.js";
import { corpusDir, corpusPresent, inCi } from "../support/corpus.js";
import { outlineOf, readBack } from "../support/fountain.js";

/**
 * Issue 5's Fountain criterion: two corpus books adapted offline, exported, and read back
 * with a real Fountain parser (fountain-js) give the same scene headings, character cues and
 * dialogue, in count and order, as the JSON screenplays.
 */
const BOOKS = [
  { file: "pride_and_prejudice_pg1342_illustrated.txt", chapters: [1, 2, 3] },
  { file: "alice_classic-books-markdown.md", chapters: [1, 2] },
];

const SCRIPT: LitinkConfig["script"] = {
  minutesPerThousandWords: 1,
  maxMinutes: 8,
  wordsPerMinute: 150,
  sectionWords: 4000,
};

describe.skipIf(!corpusPresent && !inCi)("Fountain export of corpus books", () => {
  for (const { file, chapters } of BOOKS) {
    it(`${file} chapters ${chapters.join(", ")} read back the same`, async () => {
      const book = await readBook(join(corpusDir, file));
      const body = book.chapters.filter(
        (chapter): chapter is BodyChapter => chapter.index !== null,
      );
      const writer = extractiveWriter();
      const passages = async () => [];
      const draft = await writer.draftBible({
        book,
        candidates: await findCharacters(book),
        passages,
      });
      let bible = buildBible(draft, book, null);
      const screenplays: Screenplay[] = [];
      for (const index of chapters) {
        const chapter = body.find((candidate) => candidate.index === index);
        if (!chapter) throw new Error(`${file} has no chapter ${index}`);
        const result = await writer.adaptChapter({
          book,
          chapter,
          bodyChapters: body.length,
          bible,
          target: chapterTarget(chapter.words, SCRIPT),
          passages,
        });
        bible = extendBible(bible, result.newCharacters);
        screenplays.push(screenplaySchema.parse(result.screenplay));
      }
      const parsed = readBack(toFountain(bible, screenplays, { source: file }));
      const expected = outlineOf(bible, screenplays);
      process.stderr.write(
        `${file}: ${expected.headings.length} scenes, ${expected.cues.length} lines read back\n`,
      );
      expect(expected.cues.length).toBeGreaterThan(10);
      expect(parsed.headings).toEqual(expected.headings);
      expect(parsed.cues).toEqual(expected.cues);
      expect(parsed.dialogue).toEqual(expected.dialogue);
      expect(parsed.sections).toHaveLength(chapters.length);
    });
  }
});
