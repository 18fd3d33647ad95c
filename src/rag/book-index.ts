import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Book } from "../model/book.js";
import type { EmbedderSetup } from "./embedder-setup.js";
import type { IndexDb } from "./index-db.js";
import { type IndexStats, indexBook } from "./indexer.js";

/**
 * A book's identity in the index: its resolved path. `Book.id` hashes the whole file and so
 * changes with any edit, which would turn every re-index into a full rebuild.
 */
export function bookKeyOf(path: string): string {
  return resolve(path);
}

export interface IndexedBook extends IndexStats {
  [field: string]: unknown;
  book: string;
  title: string | null;
  embedder: string;
}

/** Reads the book and brings its index up to date (see indexer.ts). */
export async function indexBookFile(
  db: IndexDb,
  file: string,
  setup: EmbedderSetup,
  options: {
    onProgress?: ((done: number, total: number) => void) | undefined;
    book?: Book;
    /** Keep chapters whatever embedded them (a search updating an index in passing). */
    keepExisting?: boolean;
  } = {},
): Promise<IndexedBook> {
  const { readBook } = await import("../ingest/index.js");
  const local = await import("../providers/local/hashed/local-hashed.js");
  const book = options.book ?? (await readBook(file));
  const stats = await indexBook(db, book, {
    bookKey: bookKeyOf(file),
    embedder: setup.embedder,
    accepts: options.keepExisting ? "any" : setup.accepts,
    bucketsOf: local.featureBuckets,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return {
    book: file,
    title: book.title,
    ...stats,
    embedder: stats.embedders.join(", ") || setup.embedder.label,
  };
}

/**
 * Whether a book needs (re-)indexing before a search: never indexed, or its file changed
 * since (hashing the file is cheap next to parsing it), or its last indexing never finished
 * (the file id is written last, see indexer.ts).
 */
export async function indexState(
  db: IndexDb,
  file: string,
): Promise<"missing" | "stale" | "current"> {
  const row = db.prepare("SELECT file_id FROM books WHERE book_key = ?").get(bookKeyOf(file)) as
    | { file_id: string }
    | undefined;
  if (!row) return "missing";
  // Unreadable or gone: "stale", so the caller's readBook reports it (exit 66) rather than
  // answering from an index of a file that no longer exists.
  const bytes = await readFile(file).catch(() => null);
  if (!bytes) return "stale";
  return createHash("sha256").update(bytes).digest("hex") === row.file_id ? "current" : "stale";
}

/**
 * Brings the index up to date before a search or a script reads from it, saying so when it
 * indexes. Keeps whatever embedded each chapter (an index updated in passing).
 */
export async function ensureIndexed(
  db: IndexDb,
  file: string,
  setup: EmbedderSetup,
  options: {
    events: { emit(type: string, fields: Record<string, unknown>): void };
    onProgress?: ((done: number, total: number) => void) | undefined;
    /** The book already read; else it is read here (a missing file fails before any promise). */
    book?: Book;
  },
): Promise<void> {
  const state = await indexState(db, file);
  if (state === "current") return;
  const { readBook } = await import("../ingest/index.js");
  const book = options.book ?? (await readBook(file));
  options.events.emit("warning", {
    message:
      state === "missing"
        ? `${file} is not indexed yet; indexing it first`
        : `${file} changed since it was indexed; updating the index first`,
  });
  await indexBookFile(db, file, setup, {
    onProgress: options.onProgress,
    book,
    keepExisting: true,
  });
}
