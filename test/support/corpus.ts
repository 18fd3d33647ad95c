import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Where the shared corpus lives: LITINK_CORPUS, else ../shared/corpus beside the clone. */
export const corpusDir = resolve(process.env.LITINK_CORPUS ?? join(root, "../shared/corpus"));
export const corpusPresent = existsSync(join(corpusDir, "expected"));
export const inCi = process.env.CI === "true";

export interface ExpectedChapter {
  index: number;
  title: string;
  part: string | null;
  startsWith: string;
}

export interface ExpectedBook {
  file: string;
  format: string;
  language: string | null;
  title: string | null;
  author: string | null;
  chapterCount: number;
  chapters: ExpectedChapter[];
  reject?: boolean;
}

export function expectedBooks(): ExpectedBook[] {
  const folder = join(corpusDir, "expected");
  return readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(folder, name), "utf8")) as ExpectedBook);
}

/** Normalised for whitespace and quote style, as the issue allows. */
export function normaliseOpening(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u2060\u00ad\u200b\ufeff]/g, "")
    .replace(/[‘’‚‛`´'“”„‟"«»]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

export interface ChapterMismatch {
  index: number;
  field: "startsWith" | "title" | "part";
  expected: string | null;
  actual: string | null;
}

export function compareChapters(
  expected: ExpectedChapter[],
  actual: Array<{ title: string; part: string | null; startsWith: string }>,
): ChapterMismatch[] {
  const mismatches: ChapterMismatch[] = [];
  expected.forEach((want, position) => {
    const got = actual[position];
    if (!got) return;
    if (!normaliseOpening(got.startsWith).startsWith(normaliseOpening(want.startsWith))) {
      mismatches.push({
        index: want.index,
        field: "startsWith",
        expected: want.startsWith,
        actual: got.startsWith,
      });
    }
    if (normaliseOpening(got.title).toLowerCase() !== normaliseOpening(want.title).toLowerCase()) {
      mismatches.push({
        index: want.index,
        field: "title",
        expected: want.title,
        actual: got.title,
      });
    }
    if ((got.part ?? null) !== (want.part ?? null)) {
      mismatches.push({ index: want.index, field: "part", expected: want.part, actual: got.part });
    }
  });
  return mismatches;
}
