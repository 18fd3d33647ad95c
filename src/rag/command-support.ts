import type { LoadedConfig } from "../config/load.js";
import { litinkError } from "../errors/catalog.js";
import type { EventSink } from "../providers/middleware/index.js";
import { bookKeyOf, ensureIndexed, type IndexedBook, indexBookFile } from "./book-index.js";
import { embedderForTier } from "./embedder-setup.js";
import { ftsExpression } from "./fts-query.js";
import { type IndexDb, openIndex } from "./index-db.js";
import { type RetrievedPassage, retrieve } from "./retrieve.js";

/** What `litink index` and `litink search` share: tier, index file, embedder, warnings. */
export interface CommandOptions {
  flags: { tier?: string; offline?: boolean };
  loaded: LoadedConfig;
  env: NodeJS.ProcessEnv;
  events: EventSink;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

async function setupFor(options: CommandOptions, taskId: string) {
  const { selectTier } = await import("../providers/tiers.js");
  const { tier } = selectTier(options.flags, options.loaded);
  const opened = await openIndex(options.loaded.home);
  for (const message of opened.warnings) options.events.emit("warning", { message });
  const setup = await embedderForTier({
    tier,
    loaded: options.loaded,
    env: options.env,
    events: options.events,
    taskId,
  });
  return { db: opened.db, setup };
}

export async function indexWithSetup(file: string, options: CommandOptions): Promise<IndexedBook> {
  const { db, setup } = await setupFor(options, "index");
  try {
    return await indexBookFile(db, file, setup, { onProgress: options.onProgress });
  } finally {
    setup.close();
    db.close();
  }
}

export interface SearchOptions extends CommandOptions {
  k: number;
  chapters?: number[];
  before?: number;
  all?: boolean;
}

export interface SearchResult {
  [field: string]: unknown;
  query: string;
  book: string;
  results: RetrievedPassage[];
}

/** Searches a book, indexing it first (and saying so) when it is new or changed. */
export async function searchWithSetup(
  file: string,
  query: string,
  options: SearchOptions,
): Promise<SearchResult> {
  if (query.trim() === "")
    throw litinkError("UsageError", { detail: "the search query is empty; say what to look for" });
  // "*", "()" or "…" would otherwise rank arbitrary passages by vector noise alone.
  if (ftsExpression(query) === null && !/[\p{L}\p{N}]/u.test(query))
    throw litinkError("UsageError", {
      detail: `the query has no words to search for: "${query}"`,
    });
  const { db, setup } = await setupFor(options, "search");
  try {
    await ensureIndexed(db, file, setup, {
      events: options.events,
      onProgress: options.onProgress,
    });
    const bookKey = bookKeyOf(file);
    const excluded = filterExcludesBody(db, bookKey, options);
    if (excluded) options.events.emit("warning", { message: excluded });
    const results = await retrieve(db, bookKey, query, {
      k: options.k,
      ...(options.chapters ? { chapters: options.chapters } : {}),
      ...(options.before !== undefined ? { before: options.before } : {}),
      includeMatter: Boolean(options.all),
      embedQuery: setup.queryEmbedder(db, bookKey),
    });
    return { query, book: file, results };
  } finally {
    setup.close();
    db.close();
  }
}

/** A warning when `--chapter`/`--before` leave no body chapter of the book to search. */
function filterExcludesBody(db: IndexDb, bookKey: string, options: SearchOptions): string | null {
  if (options.chapters === undefined && options.before === undefined) return null;
  const indexes = db
    .prepare("SELECT DISTINCT chapter_index FROM chapters WHERE book_key = ? AND chapter_index > 0")
    .pluck()
    .all(bookKey) as number[];
  const { chapters, before } = options;
  const matching = indexes.filter(
    (index) => (before === undefined || index < before) && (!chapters || chapters.includes(index)),
  );
  if (matching.length > 0) return null;
  const filter = [
    chapters ? `--chapter ${chapters.join(",")}` : null,
    before !== undefined ? `--before ${before}` : null,
  ]
    .filter(Boolean)
    .join(" ");
  return `the book has ${indexes.length} chapter${indexes.length === 1 ? "" : "s"}; ${filter} leaves none of them to search`;
}
