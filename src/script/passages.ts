import type { Book } from "../model/book.js";
import type { SetupContext } from "./setup.js";
import type { PassageLookup } from "./writer.js";

export interface PassageSetup {
  lookup: PassageLookup;
  close(): void;
}

/**
 * Retrieval over the book's RAG index, brought up to date first (and saying so) when the book
 * is new or changed since it was indexed (unless `quietIndexing`: the caller's own index step
 * is doing just that). Hybrid: vectors of the tier's embedder plus keywords.
 */
export async function passagesFor(
  file: string,
  book: Book,
  context: SetupContext & { onProgress?: ((done: number, total: number) => void) | undefined },
): Promise<PassageSetup> {
  const { openIndex } = await import("../rag/index-db.js");
  const { embedderForTier } = await import("../rag/embedder-setup.js");
  const { bookKeyOf, ensureIndexed } = await import("../rag/book-index.js");
  const { retrieve } = await import("../rag/retrieve.js");
  const opened = await openIndex(context.loaded.home);
  for (const message of opened.warnings) context.events.emit("warning", { message });
  const db = opened.db;
  let setup: Awaited<ReturnType<typeof embedderForTier>> | undefined;
  try {
    setup = await embedderForTier({
      tier: context.tier,
      loaded: context.loaded,
      env: context.env,
      events: context.events,
      taskId: "index",
    });
    await ensureIndexed(db, file, setup, {
      // ensureIndexed emits nothing but its "indexing it first" warning.
      events: context.quietIndexing ? { emit() {} } : context.events,
      onProgress: context.onProgress,
      book,
    });
  } catch (error) {
    setup?.close();
    db.close();
    throw error;
  }
  const bookKey = bookKeyOf(file);
  const embedders = setup;
  const embedQuery = embedders.queryEmbedder(db, bookKey);
  return {
    async lookup(query, options = {}) {
      const passages = await retrieve(db, bookKey, query, {
        k: options.k ?? 5,
        ...(options.before !== undefined ? { before: options.before } : {}),
        embedQuery,
      });
      return passages.map((passage) => ({
        chapterIndex: passage.chapterIndex,
        text: passage.text,
      }));
    },
    close() {
      embedders.close();
      db.close();
    },
  };
}

/** A lookup that never reaches past `before` (no spoilers from later chapters). */
export function limitedTo(lookup: PassageLookup, before: number): PassageLookup {
  return (query, options = {}) =>
    lookup(query, { ...options, before: Math.min(options.before ?? before, before) });
}
