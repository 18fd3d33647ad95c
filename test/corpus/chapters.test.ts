import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isLitinkError } from "../../src/errors/app-error.js";
import { readBook } from "../../src/ingest/index.js";
import {
  compareChapters,
  corpusDir,
  corpusPresent,
  expectedBooks,
  inCi,
} from "../support/corpus.js";

/**
 * The corpus is the core of the ingest suite: every book in ../shared/corpus/expected is read
 * and compared with its ground truth (read from the JSON, never restated here).
 */
if (!corpusPresent) {
  describe("corpus", () => {
    if (inCi) {
      it("is present in CI", () => {
        throw new Error(`CI=true but the corpus is missing at ${corpusDir} (set LITINK_CORPUS)`);
      });
    } else {
      process.stderr.write(
        `skipping corpus tests: no corpus at ${corpusDir} (set LITINK_CORPUS)\n`,
      );
      it.skip(`corpus not found at ${corpusDir}: set LITINK_CORPUS to run the ground-truth tests`, () => {});
    }
  });
} else {
  describe("corpus ground truth", () => {
    for (const expected of expectedBooks()) {
      const what = expected.reject
        ? "rejected with exit 65"
        : `${expected.chapterCount} chapters; openings, titles and parts match`;
      it(`${expected.file}: ${what}`, async () => {
        const path = join(corpusDir, expected.file);
        if (expected.reject) {
          const error = await readBook(path).then(
            () => null,
            (caught: unknown) => caught,
          );
          expect(isLitinkError(error), "the book must be rejected with a catalogued error").toBe(
            true,
          );
          expect(isLitinkError(error) && error.exitCode).toBe(65);
          return;
        }
        const book = await readBook(path);
        expect(book.format).toBe(expected.format);
        // The language as a primary subtag ("en-US" counts as "en"); guessed when the file is silent.
        expect(book.language?.split("-")[0]?.toLowerCase() ?? null).toBe(expected.language);
        const body = book.chapters.filter((chapter) => chapter.kind === "body");
        expect(body.map((chapter) => chapter.index)).toEqual(
          body.map((_, position) => position + 1),
        );
        expect(body.length).toBe(expected.chapterCount);
        // Opening words, titles and parts of every chapter, against the ground truth.
        expect(compareChapters(expected.chapters, body)).toEqual([]);
      });
    }
  });
}
