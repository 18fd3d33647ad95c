/**
 * The book as every layer sees it: what ingestion produces, the store keeps and later stages
 * read. It depends on nothing, so the store and the pipeline can share it.
 */
export type BookFormat = "epub" | "pdf" | "docx" | "txt" | "md";
export type ChapterKind = "body" | "front" | "back";

export interface Chapter {
  /** Body chapters numbered from 1; front and back matter have null. */
  index: number | null;
  /** Content hash of the chapter (title + text), hex. */
  id: string;
  title: string;
  part: string | null;
  kind: ChapterKind;
  text: string;
  words: number;
  /** The first words of the prose (see `openingWords`). */
  startsWith: string;
}

export interface Book {
  /** sha256 of the file's bytes, hex. */
  id: string;
  title: string | null;
  author: string | null;
  language: string | null;
  format: BookFormat;
  chapters: Chapter[];
  warnings: string[];
  source: { path: string; bytes: number };
}
