import type { IndexDb } from "./index-db.js";

/**
 * One sqlite-vec `vec0` table per embedder and dimension, so vectors of different models are
 * never compared with each other. Rows share the passage's rowid (BigInt when bound: vec0
 * refuses a JS number as a primary key). The book is a partition key and the chapter number
 * a metadata column, so KNN filters by book, `before` and `chapters` inside the scan rather
 * than after it (which would return fewer than k rows).
 */
export function vecTableName(embedder: string, dimensions: number): string {
  const safe = embedder
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return `vec_${safe}_${dimensions}`;
}

/** Chapter number stored in the vector table: body chapters from 1, front/back matter 0. */
export function vecChapterIndex(index: number | null): bigint {
  return BigInt(index ?? 0);
}

export function ensureVecTable(db: IndexDb, embedder: string, dimensions: number): string {
  const name = vecTableName(embedder, dimensions);
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING vec0(
    embedding float[${dimensions}] distance_metric=cosine,
    book_key text partition key,
    chapter_index integer
  )`);
  return name;
}

export function vecTableExists(db: IndexDb, name: string): boolean {
  return Boolean(
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name),
  );
}
