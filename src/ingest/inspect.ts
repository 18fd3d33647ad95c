import type { LitinkConfig } from "../config/schema.js";
import { readBook } from "./index.js";
import type { Book, ChapterKind, IngestLimits } from "./types.js";

/** Bumped whenever a reader's output changes, so stored chapters are re-read. */
export const READER_VERSION = 1;

export interface InspectChapter {
  index: number | null;
  title: string;
  part: string | null;
  kind: ChapterKind;
  words: number;
  startsWith: string;
}

export interface InspectResult {
  [field: string]: unknown;
  bookId: string;
  title: string | null;
  author: string | null;
  language: string | null;
  format: Book["format"];
  chapterCount: number;
  chapters: InspectChapter[];
}

export function limitsFromConfig(config: LitinkConfig): Partial<IngestLimits> {
  const mb = 1024 * 1024;
  return {
    maxFileBytes: config.ingest.maxFileMb * mb,
    maxUnzippedBytes: config.ingest.maxUnzippedMb * mb,
    maxZipEntries: config.ingest.maxZipEntries,
  };
}

/** Reads the book, records it in the store, and shapes the `inspect` result (DESIGN.md §4). */
export async function inspectBook(
  file: string,
  options: { all: boolean; config: LitinkConfig; home: string },
): Promise<{ book: Book; result: InspectResult }> {
  const book = await readBook(file, { limits: limitsFromConfig(options.config) });
  const { openStore } = await import("../store/db.js");
  const { saveBook } = await import("../store/books.js");
  const db = await openStore(options.home);
  try {
    saveBook(db, book, READER_VERSION);
  } finally {
    db.close();
  }
  return { book, result: toInspectResult(book, options.all) };
}

export function toInspectResult(book: Book, all: boolean): InspectResult {
  const chapters = book.chapters.filter((chapter) => all || chapter.kind === "body");
  return {
    bookId: book.id,
    title: book.title,
    author: book.author,
    language: book.language,
    format: book.format,
    chapterCount: book.chapters.filter((chapter) => chapter.kind === "body").length,
    chapters: chapters.map((chapter) => ({
      index: chapter.index,
      title: chapter.title,
      part: chapter.part,
      kind: chapter.kind,
      words: chapter.words,
      startsWith: chapter.startsWith,
    })),
  };
}
