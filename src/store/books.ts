import { litinkError } from "../errors/catalog.js";
import type { Book, Chapter } from "../model/book.js";
import type { Db } from "./db.js";

/** Books and their chapters, keyed by the content hash of the file. */
export function saveBook(db: Db, book: Book, reader: number): void {
  const insertBook = db.prepare(`
    INSERT INTO books (id, reader, format, title, author, language, bytes, source_path, warnings, ingested_at)
    VALUES (@id, @reader, @format, @title, @author, @language, @bytes, @source_path, @warnings, @ingested_at)
    ON CONFLICT(id) DO UPDATE SET reader = excluded.reader, format = excluded.format, title = excluded.title,
      author = excluded.author, language = excluded.language, source_path = excluded.source_path,
      warnings = excluded.warnings, ingested_at = excluded.ingested_at`);
  const deleteChapters = db.prepare("DELETE FROM chapters WHERE book_id = ?");
  const insertChapter = db.prepare(`
    INSERT INTO chapters (book_id, position, id, chapter_index, kind, title, part, words, starts_with, text)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const write = db.transaction(() => {
    insertBook.run({
      id: book.id,
      reader,
      format: book.format,
      title: book.title,
      author: book.author,
      language: book.language,
      bytes: book.source.bytes,
      source_path: book.source.path,
      warnings: JSON.stringify(book.warnings),
      ingested_at: new Date().toISOString(),
    });
    deleteChapters.run(book.id);
    book.chapters.forEach((chapter, position) => {
      insertChapter.run(
        book.id,
        position,
        chapter.id,
        chapter.index,
        chapter.kind,
        chapter.title,
        chapter.part,
        chapter.words,
        chapter.startsWith,
        chapter.text,
      );
    });
  });
  try {
    write();
  } catch (error) {
    throw litinkError("StoreFailed", { file: db.name, detail: (error as Error).message }, error);
  }
}

interface BookRow {
  id: string;
  reader: number;
  format: Book["format"];
  title: string | null;
  author: string | null;
  language: string | null;
  bytes: number;
  source_path: string;
  warnings: string;
}

interface ChapterRow {
  id: string;
  chapter_index: number | null;
  kind: Chapter["kind"];
  title: string;
  part: string | null;
  words: number;
  starts_with: string;
  text: string;
}

/** The stored book, or null when absent or written by another reader version. */
export function loadBook(db: Db, id: string, reader: number, path: string): Book | null {
  const row = db.prepare("SELECT * FROM books WHERE id = ?").get(id) as BookRow | undefined;
  if (!row || row.reader !== reader) return null;
  const rows = db
    .prepare("SELECT * FROM chapters WHERE book_id = ? ORDER BY position")
    .all(id) as ChapterRow[];
  return {
    id: row.id,
    title: row.title,
    author: row.author,
    language: row.language,
    format: row.format,
    warnings: JSON.parse(row.warnings) as string[],
    source: { path, bytes: row.bytes },
    chapters: rows.map((chapter) => ({
      index: chapter.chapter_index,
      id: chapter.id,
      title: chapter.title,
      part: chapter.part,
      kind: chapter.kind,
      text: chapter.text,
      words: chapter.words,
      startsWith: chapter.starts_with,
    })),
  };
}
