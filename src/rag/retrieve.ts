import { ftsExpression } from "./fts-query.js";
import type { IndexDb } from "./index-db.js";

export type RetrieveMode = "hybrid" | "vector" | "keyword";

/** Embeds a query for the vectors of one model (ref); null when that model is unavailable. */
export type QueryEmbedder = (ref: string, query: string) => Promise<Float32Array | null>;

export interface RetrieveOptions {
  k?: number;
  /** Only these body chapters. */
  chapters?: readonly number[];
  /** Only body chapters before this one (no spoilers when adapting chapter n). */
  before?: number;
  /** Also front and back matter (prefaces, notes, licences); off by default. */
  includeMatter?: boolean;
  mode?: RetrieveMode;
  /** Candidates taken from each ranking before fusion. */
  candidates?: number;
  embedQuery: QueryEmbedder;
}

export interface RetrievedPassage {
  chapterIndex: number | null;
  chapterTitle: string;
  chapterId: string;
  score: number;
  text: string;
  start: number;
  end: number;
  ordinal: number;
}

/** Reciprocal rank fusion constant (Cormack et al.): damps the head of each ranking. */
const RRF_K = 60;

/** sqlite-vec's vec0 refuses a KNN `k` above this. */
export const MAX_CANDIDATES = 4096;

/**
 * Hybrid retrieval: vector KNN (one ranking per embedder the book's chapters were built
 * with) and FTS5 bm25, fused by reciprocal rank. Rank fusion needs no score calibration, so
 * cosine distances and bm25 never have to be compared, and neither do two embedders' spaces.
 */
export async function retrieve(
  db: IndexDb,
  bookKey: string,
  query: string,
  options: RetrieveOptions,
): Promise<RetrievedPassage[]> {
  const k = options.k ?? 5;
  const candidates = Math.min(Math.max(options.candidates ?? 50, k), MAX_CANDIDATES);
  const mode = options.mode ?? "hybrid";
  const filter = chapterFilter(options);
  const rankings: Array<Array<{ rowid: number; score: number }>> = [];
  if (mode !== "keyword") {
    const tables = db
      .prepare(
        "SELECT DISTINCT embedder, vec_table FROM chapters WHERE book_key = ? AND vec_table <> ''",
      )
      .all(bookKey) as Array<{ embedder: string; vec_table: string }>;
    for (const { embedder, vec_table } of tables) {
      const vector = await options.embedQuery(embedder, query);
      if (!vector) continue;
      const rows = db
        .prepare(
          `SELECT rowid, distance FROM ${vec_table}
           WHERE embedding MATCH ? AND k = ? AND book_key = ? ${filter.sql("chapter_index")}`,
        )
        .all(vector, candidates, bookKey, ...filter.params) as Array<{
        rowid: number;
        distance: number;
      }>;
      rankings.push(rows.map((row) => ({ rowid: row.rowid, score: 1 - row.distance })));
    }
  }
  if (mode !== "vector") {
    const expression = ftsExpression(query);
    if (expression) {
      const rows = db
        .prepare(
          `SELECT passages_fts.rowid AS rowid, bm25(passages_fts) AS rank
           FROM passages_fts
           JOIN passages p ON p.rowid = passages_fts.rowid
           JOIN chapters c ON c.row = p.chapter_row
           WHERE passages_fts MATCH ? AND c.book_key = ? ${filter.sql("COALESCE(c.chapter_index, 0)")}
           ORDER BY rank LIMIT ?`,
        )
        .all(expression, bookKey, ...filter.params, candidates) as Array<{
        rowid: number;
        rank: number;
      }>;
      rankings.push(rows.map((row) => ({ rowid: row.rowid, score: -row.rank })));
    }
  }
  const fused = mode === "hybrid" || rankings.length > 1 ? fuse(rankings) : (rankings[0] ?? []);
  return hydrate(db, fused.slice(0, k));
}

function fuse(
  rankings: ReadonlyArray<ReadonlyArray<{ rowid: number }>>,
): Array<{ rowid: number; score: number }> {
  const scores = new Map<number, number>();
  for (const ranking of rankings)
    for (const [rank, { rowid }] of ranking.entries())
      scores.set(rowid, (scores.get(rowid) ?? 0) + 1 / (RRF_K + rank + 1));
  return [...scores]
    .map(([rowid, score]) => ({ rowid, score }))
    .sort((a, b) => b.score - a.score || a.rowid - b.rowid);
}

/**
 * The chapter condition, on the vector table's metadata column or the chapters table.
 * Front and back matter are stored as chapter 0.
 */
function chapterFilter(options: RetrieveOptions): {
  sql: (column: string) => string;
  params: unknown[];
} {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (!options.includeMatter || options.before !== undefined || options.chapters) parts.push("> 0");
  if (options.before !== undefined) {
    parts.push("< ?");
    params.push(BigInt(options.before));
  }
  if (options.chapters) {
    parts.push("IN (SELECT value FROM json_each(?))");
    params.push(JSON.stringify(options.chapters));
  }
  return {
    sql: (column) => parts.map((part) => `AND ${column} ${part}`).join(" "),
    params,
  };
}

function hydrate(
  db: IndexDb,
  ranked: ReadonlyArray<{ rowid: number; score: number }>,
): RetrievedPassage[] {
  const lookup = db.prepare(
    `SELECT p.text, p.start, p.end, p.ordinal, c.chapter_index, c.title, c.chapter_id
     FROM passages p JOIN chapters c ON c.row = p.chapter_row WHERE p.rowid = ?`,
  );
  return ranked.flatMap(({ rowid, score }) => {
    const row = lookup.get(BigInt(rowid)) as
      | {
          text: string;
          start: number;
          end: number;
          ordinal: number;
          chapter_index: number | null;
          title: string;
          chapter_id: string;
        }
      | undefined;
    if (!row) return [];
    return [
      {
        chapterIndex: row.chapter_index,
        chapterTitle: row.title,
        chapterId: row.chapter_id,
        score,
        text: row.text,
        start: row.start,
        end: row.end,
        ordinal: row.ordinal,
      },
    ];
  });
}

export interface Neighbour {
  chapterIndex: number;
  chapterTitle: string;
  /** The chapter's first passage. */
  opening: string;
}

/** Openings of the body chapters n−1 and n+1, when they exist and are indexed. */
export function neighbours(
  db: IndexDb,
  bookKey: string,
  chapterIndex: number,
): { previous: Neighbour | null; next: Neighbour | null } {
  const lookup = db.prepare(
    `SELECT c.chapter_index, c.title, p.text FROM chapters c
     LEFT JOIN passages p ON p.chapter_row = c.row AND p.ordinal = 0
     WHERE c.book_key = ? AND c.chapter_index = ?`,
  );
  const at = (index: number): Neighbour | null => {
    const row = lookup.get(bookKey, index) as
      | { chapter_index: number; title: string; text: string | null }
      | undefined;
    return row
      ? { chapterIndex: row.chapter_index, chapterTitle: row.title, opening: row.text ?? "" }
      : null;
  };
  return { previous: chapterIndex > 1 ? at(chapterIndex - 1) : null, next: at(chapterIndex + 1) };
}
