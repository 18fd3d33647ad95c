import type { Book, Chapter } from "../model/book.js";
import { type ChunkOptions, chunkChapter } from "./chunk.js";
import type { PassageEmbedder } from "./embedders.js";
import { adjustDocumentFrequency, type BucketsOf } from "./idf.js";
import type { IndexDb } from "./index-db.js";
import { ensureVecTable, vecChapterIndex } from "./vec-tables.js";

export interface IndexOptions {
  /** The book's stable identity: its resolved source path (Book.id changes with any edit). */
  bookKey: string;
  embedder: PassageEmbedder;
  /** Refs whose vectors may be kept; others are re-embedded. "any": keep whatever is there. */
  accepts?: readonly string[] | "any";
  bucketsOf: BucketsOf;
  chunk?: ChunkOptions;
  onProgress?: (done: number, total: number) => void;
}

export interface IndexStats {
  chapters: number;
  passages: number;
  /** Chapters kept as they were. */
  reused: number;
  /** Chapters chunked and embedded in this run. */
  embedded: number;
  /** Chapters no longer in the book, removed from the index. */
  removed: number;
  /** The model(s) whose vectors the book now has. */
  embedders: string[];
  ms: number;
}

interface ChapterRow {
  row: number;
  chapter_key: string;
  position: number;
  chapter_index: number | null;
  kind: string;
  title: string;
  embedder: string;
  vec_table: string;
  passage_count: number;
}

/**
 * Brings the index of one book up to date. Chapters are matched by content hash, so an
 * unchanged book touches nothing, an edited chapter re-embeds only itself and a removed one
 * is deleted. Each new chapter commits on its own, so an interrupted run keeps its progress;
 * the book's file id is written last, so until then the book counts as stale.
 */
export async function indexBook(
  db: IndexDb,
  book: Book,
  options: IndexOptions,
): Promise<IndexStats> {
  const started = performance.now();
  const { bookKey, embedder } = options;
  const accepts = options.accepts ?? [embedder.label];
  const keeps = (ref: string) => accepts === "any" || accepts.includes(ref);
  const wanted = chapterKeys(book.chapters);
  const now = () => new Date().toISOString();
  // Everything read and removed here happens inside one write transaction, so a concurrent
  // run of the same book (an `index` beside a `search`) never removes a chapter twice.
  // The file id stays empty until the last step: an interrupted run leaves the book stale.
  const keep = new Map<string, ChapterRow>();
  const existing = db
    .transaction(() => {
      db.prepare(
        `INSERT INTO books (book_key, path, title, file_id, updated_at) VALUES (?, ?, ?, '', ?)
         ON CONFLICT (book_key) DO UPDATE SET path = excluded.path, title = excluded.title,
           file_id = '', updated_at = excluded.updated_at`,
      ).run(bookKey, book.source.path, book.title, now());
      const rows = new Map(
        (db.prepare("SELECT * FROM chapters WHERE book_key = ?").all(bookKey) as ChapterRow[]).map(
          (row) => [row.chapter_key, row],
        ),
      );
      for (const [key, row] of rows) {
        const position = wanted.get(key);
        if (position !== undefined && keeps(row.embedder)) keep.set(key, row);
        else removeChapter(db, bookKey, row, options.bucketsOf);
      }
      for (const [key, row] of keep) {
        const position = wanted.get(key) as number;
        const chapter = book.chapters[position] as Chapter;
        if (
          row.position !== position ||
          row.chapter_index !== chapter.index ||
          row.title !== chapter.title ||
          row.kind !== chapter.kind
        )
          moveChapter(db, row, position, chapter);
      }
      return rows;
    })
    .immediate();
  const total = book.chapters.length;
  let done = keep.size;
  options.onProgress?.(done, total);
  let embedded = 0;
  const indexed = db.prepare("SELECT 1 FROM chapters WHERE book_key = ? AND chapter_key = ?");
  for (const [key, position] of wanted) {
    if (keep.has(key)) continue;
    const chapter = book.chapters[position] as Chapter;
    if (indexed.get(bookKey, key)) {
      // Another process indexed it meanwhile.
      options.onProgress?.(++done, total);
      continue;
    }
    const passages = chunkChapter(chapter.text, options.chunk);
    // A chapter without text is recorded with no passages and no vector table (vec0 has no
    // zero-width vectors), so it is not embedded again next time.
    const vectors =
      passages.length > 0
        ? await embedder.embed(passages.map((passage) => passage.text))
        : { ref: embedder.label, dimensions: 0, vectors: [] };
    const added = db
      .transaction(() => {
        // Re-checked under the write lock: a concurrent run may have added it while we embedded.
        if (indexed.get(bookKey, key)) return false;
        const table =
          passages.length > 0 ? ensureVecTable(db, vectors.ref, vectors.dimensions) : "";
        const { lastInsertRowid } = db
          .prepare(
            `INSERT INTO chapters (book_key, chapter_key, chapter_id, position, chapter_index, kind,
               title, embedder, dimensions, vec_table, passage_count)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            bookKey,
            key,
            chapter.id,
            position,
            chapter.index,
            chapter.kind,
            chapter.title,
            vectors.ref,
            vectors.dimensions,
            table,
            passages.length,
          );
        if (passages.length === 0) return true;
        const insertPassage = db.prepare(
          "INSERT INTO passages (chapter_row, ordinal, start, end, text) VALUES (?, ?, ?, ?, ?)",
        );
        const insertVector = db.prepare(
          `INSERT INTO ${table} (rowid, embedding, book_key, chapter_index) VALUES (?, ?, ?, ?)`,
        );
        const chapterIndex = vecChapterIndex(chapter.index);
        passages.forEach((passage, ordinal) => {
          const info = insertPassage.run(
            lastInsertRowid,
            ordinal,
            passage.start,
            passage.end,
            passage.text,
          );
          const vector = vectors.vectors[ordinal] as Float32Array;
          insertVector.run(BigInt(info.lastInsertRowid), vector, bookKey, chapterIndex);
        });
        adjustDocumentFrequency(
          db,
          bookKey,
          passages.map((passage) => passage.text),
          1,
          options.bucketsOf,
        );
        return true;
      })
      .immediate();
    if (added) embedded++;
    options.onProgress?.(++done, total);
  }
  // Last step: only a complete run marks the book as current for this file.
  db.prepare("UPDATE books SET file_id = ?, updated_at = ? WHERE book_key = ?").run(
    book.id,
    now(),
    bookKey,
  );
  const summary = db
    .prepare(
      "SELECT COALESCE(SUM(passage_count), 0) AS passages, GROUP_CONCAT(DISTINCT embedder) AS embedders FROM chapters WHERE book_key = ?",
    )
    .get(bookKey) as { passages: number; embedders: string | null };
  return {
    chapters: total,
    passages: summary.passages,
    reused: keep.size,
    embedded,
    removed: existing.size - keep.size,
    embedders: summary.embedders ? summary.embedders.split(",").sort() : [],
    ms: Math.round(performance.now() - started),
  };
}

/** Content hash per chapter; a repeated identical chapter gets `#2`, `#3`… in reading order. */
function chapterKeys(chapters: readonly Chapter[]): Map<string, number> {
  const keys = new Map<string, number>();
  chapters.forEach((chapter, position) => {
    let key = chapter.id;
    for (let copy = 2; keys.has(key); copy++) key = `${chapter.id}#${copy}`;
    keys.set(key, position);
  });
  return keys;
}

function removeChapter(db: IndexDb, bookKey: string, row: ChapterRow, bucketsOf: BucketsOf): void {
  const passages = db
    .prepare("SELECT rowid, text FROM passages WHERE chapter_row = ?")
    .all(row.row) as Array<{ rowid: number; text: string }>;
  if (row.vec_table !== "" && passages.length > 0) {
    const deleteVector = db.prepare(`DELETE FROM ${row.vec_table} WHERE rowid = ?`);
    for (const passage of passages) deleteVector.run(BigInt(passage.rowid));
  }
  adjustDocumentFrequency(
    db,
    bookKey,
    passages.map((passage) => passage.text),
    -1,
    bucketsOf,
  );
  db.prepare("DELETE FROM passages WHERE chapter_row = ?").run(row.row);
  db.prepare("DELETE FROM chapters WHERE row = ?").run(row.row);
}

/** A kept chapter whose place or number changed (one was inserted before it). */
function moveChapter(db: IndexDb, row: ChapterRow, position: number, chapter: Chapter): void {
  db.prepare(
    "UPDATE chapters SET position = ?, chapter_index = ?, title = ?, kind = ? WHERE row = ?",
  ).run(position, chapter.index, chapter.title, chapter.kind, row.row);
  if (row.chapter_index === chapter.index || row.vec_table === "") return;
  const rowids = db
    .prepare("SELECT rowid FROM passages WHERE chapter_row = ?")
    .all(row.row) as Array<{
    rowid: number;
  }>;
  const update = db.prepare(`UPDATE ${row.vec_table} SET chapter_index = ? WHERE rowid = ?`);
  for (const { rowid } of rowids) update.run(vecChapterIndex(chapter.index), BigInt(rowid));
}
