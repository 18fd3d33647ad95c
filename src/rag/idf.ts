import type { IndexDb } from "./index-db.js";

/**
 * Per-book document frequency of the local embedder's hashed feature buckets. Document
 * vectors carry no IDF (so one changed chapter never changes another chapter's vectors); the
 * query is weighted instead, which ranks the same as weighting both sides for the rare
 * words that matter. Updated by adding or subtracting a chapter's passages, never recounted.
 */
export type BucketsOf = (text: string) => Map<number, number>;

export function adjustDocumentFrequency(
  db: IndexDb,
  bookKey: string,
  passages: readonly string[],
  sign: 1 | -1,
  bucketsOf: BucketsOf,
): void {
  const counts = new Map<number, number>();
  for (const text of passages)
    for (const bucket of bucketsOf(text).keys()) counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  const upsert = db.prepare(
    `INSERT INTO bucket_df (book_key, bucket, df) VALUES (?, ?, ?)
     ON CONFLICT (book_key, bucket) DO UPDATE SET df = df + excluded.df`,
  );
  for (const [bucket, count] of counts) upsert.run(bookKey, bucket, sign * count);
  if (sign < 0) db.prepare("DELETE FROM bucket_df WHERE book_key = ? AND df <= 0").run(bookKey);
  db.prepare("UPDATE books SET passage_count = passage_count + ? WHERE book_key = ?").run(
    sign * passages.length,
    bookKey,
  );
}

/**
 * The IDF of the query's buckets, smoothed: ln((N + 1) / (df + 1)) + 1, so a bucket absent
 * from the book weighs most and one in every passage still counts a little.
 */
export function idfForQuery(
  db: IndexDb,
  bookKey: string,
  buckets: Iterable<number>,
): (bucket: number) => number {
  const book = db.prepare("SELECT passage_count FROM books WHERE book_key = ?").get(bookKey) as
    | { passage_count: number }
    | undefined;
  const total = book?.passage_count ?? 0;
  const lookup = db.prepare("SELECT df FROM bucket_df WHERE book_key = ? AND bucket = ?");
  const weights = new Map<number, number>();
  for (const bucket of buckets) {
    const row = lookup.get(bookKey, bucket) as { df: number } | undefined;
    weights.set(bucket, Math.log((total + 1) / ((row?.df ?? 0) + 1)) + 1);
  }
  return (bucket) => weights.get(bucket) ?? Math.log(total + 1) + 1;
}
