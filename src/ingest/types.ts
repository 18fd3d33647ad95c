import type { ChapterKind } from "../model/book.js";

export type { Book, BookFormat, Chapter, ChapterKind } from "../model/book.js";

/** What a format reader returns: chapters in reading order, before numbering and hashing. */
export interface ParsedChapter {
  /** The heading as printed (number and title joined with a space), trimmed. */
  title: string;
  /** The enclosing BOOK/PART/VOLUME heading as printed, or null. */
  part: string | null;
  kind: ChapterKind;
  /** Body text after the heading: paragraphs separated by a blank line, no markup. */
  text: string;
  /**
   * Offset in `text` where the prose begins, after sub-headings or stage directions that
   * belong to the chapter but are not its opening words (default 0).
   */
  bodyOffset?: number;
}

export interface ParsedBook {
  title: string | null;
  author: string | null;
  language: string | null;
  chapters: ParsedChapter[];
  /** Things the user should know (fallbacks taken, broken TOC entries, …). */
  warnings: string[];
}

export interface IngestLimits {
  maxFileBytes: number;
  maxZipEntries: number;
  maxUnzippedBytes: number;
  /** One entry's unpacked size; also keeps each decoded string within V8's string limit. */
  maxEntryBytes: number;
  maxCompressionRatio: number;
}

export const defaultIngestLimits: IngestLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxZipEntries: 10_000,
  maxUnzippedBytes: 1024 * 1024 * 1024,
  maxEntryBytes: 256 * 1024 * 1024,
  maxCompressionRatio: 200,
};

/** Passed to every format reader. */
export interface ReadContext {
  /** The path as the user gave it, for error messages. */
  file: string;
  limits: IngestLimits;
}
