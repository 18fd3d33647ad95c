import type { LoadedConfig } from "../config/load.js";
import type { Estimate } from "./plan.js";
import type { RunOptions } from "./runner-book.js";

export interface EstimateOptions {
  file: string;
  options: RunOptions;
  loaded: LoadedConfig;
  env: NodeJS.ProcessEnv;
}

/**
 * `litink estimate`: the plan priced, with tasks already in the cache counted as free.
 * Nothing is spent and nothing is written (the store is only read when it exists).
 */
export async function estimateBook(request: EstimateOptions): Promise<Estimate & { book: string }> {
  const { existsSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { selectTier, usableChains } = await import("../providers/tiers.js");
  const { bookFolders } = await import("./generate.js");
  const { planInputFor } = await import("./runner-input.js");
  const { likelyCached, loadCache, planParts, taskCache } = await import("./runner-plan.js");
  const { tier } = selectTier(request.options, request.loaded);
  const chains = usableChains(tier, request.loaded.config, request.env, [
    "text",
    "embedding",
    "image",
    "video",
    "speech",
  ]);
  const { readBook } = await import("../ingest/index.js");
  const book = await readBook(request.file);
  const [folder] = bookFolders([request.file], request.options.out);
  const shared = { loaded: request.loaded, tier, chains, options: request.options };
  const { plan } = await planInputFor(
    shared,
    { file: request.file, folder: folder as string },
    book,
  );
  const parts = await planParts();
  const graph = parts.planBook(plan);
  let cached = new Set<string>();
  if (existsSync(join(request.loaded.home, "litink.db"))) {
    const { openStore } = await import("../store/db.js");
    const db = await openStore(request.loaded.home);
    try {
      await loadCache();
      cached = likelyCached(graph, taskCache(db, request.loaded.home), parts.CACHED_KINDS);
    } finally {
      db.close();
    }
  }
  return { book: request.file, ...parts.estimatePlan(plan, graph, cached) };
}
