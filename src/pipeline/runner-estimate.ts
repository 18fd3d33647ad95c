import type { LoadedConfig } from "../config/load.js";
import type { Tier } from "../config/schema.js";
import type { Modality } from "../providers/spec/shared.js";
import type { Estimate } from "./plan.js";
import type { RunOptions } from "./runner-book.js";
import type { TaskCacheLike } from "./runner-types.js";

export interface EstimateOptions {
  file: string;
  options: RunOptions;
  loaded: LoadedConfig;
  env: NodeJS.ProcessEnv;
}

/** What pricing one book needs: the tier's usable chains and the run's options. */
export interface EstimateShared {
  loaded: LoadedConfig;
  tier: Tier;
  chains: Record<Modality, string[]>;
  options: RunOptions;
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
  const { RUN_MODALITIES, loadCache, taskCache } = await import("./runner-plan.js");
  const { tier } = selectTier(request.options, request.loaded);
  const chains = usableChains(tier, request.loaded.config, request.env, RUN_MODALITIES);
  const shared = { loaded: request.loaded, tier, chains, options: request.options };
  const [folder] = bookFolders([request.file], request.options.out);
  if (!existsSync(join(request.loaded.home, "litink.db")))
    return { book: request.file, ...(await estimateOne(shared, request.file, folder as string)) };
  const { openStore } = await import("../store/db.js");
  const db = await openStore(request.loaded.home);
  try {
    await loadCache();
    const cache = taskCache(db, request.loaded.home);
    return {
      book: request.file,
      ...(await estimateOne(shared, request.file, folder as string, cache)),
    };
  } finally {
    db.close();
  }
}

/**
 * One book's plan priced: read, plan, and count as free what the cache probably holds
 * (no cache: nothing is free). Shared by `litink estimate` and `generate`'s batch guard.
 */
export async function estimateOne(
  shared: EstimateShared,
  file: string,
  folder: string,
  cache?: TaskCacheLike,
): Promise<Estimate> {
  const { readBook } = await import("../ingest/index.js");
  const { planInputFor } = await import("./runner-input.js");
  const { likelyCached, planParts } = await import("./runner-plan.js");
  const book = await readBook(file);
  const { plan } = await planInputFor(shared, { file, folder }, book);
  const parts = await planParts();
  const graph = parts.planBook(plan);
  const cached = cache ? likelyCached(graph, cache, parts.CACHED_KINDS) : new Set<string>();
  return parts.estimatePlan(plan, graph, cached);
}
