import type { LoadedConfig } from "../config/load.js";
import type { Tier } from "../config/schema.js";
import type { EventSink, ResilienceOverrides } from "../providers/middleware/index.js";
import type { EmbeddingModel } from "../providers/spec/index.js";
import type { Db } from "../store/db.js";
import {
  LOCAL_EMBEDDER_REF,
  localEmbedder,
  modelEmbedder,
  type PassageEmbedder,
} from "./embedders.js";
import { idfForQuery } from "./idf.js";
import type { IndexDb } from "./index-db.js";
import type { QueryEmbedder } from "./retrieve.js";

export interface EmbedderSetup {
  embedder: PassageEmbedder;
  /**
   * Refs whose existing vectors are kept when re-indexing: the chain's first model only, so
   * chapters a fallback embedded are tried again with the preferred model next time, and
   * `--tier basic` after an offline index upgrades it.
   */
  accepts: string[];
  /** Query embeddings for any ref a book's chapters were built with. */
  queryEmbedder(db: IndexDb, bookKey: string): QueryEmbedder;
  close(): void;
}

export interface SetupOptions {
  tier: Tier;
  loaded: LoadedConfig;
  env: NodeJS.ProcessEnv;
  events?: EventSink;
  taskId?: string;
  /** Retry/breaker settings (tests shrink the waits). */
  resilience?: ResilienceOverrides;
}

/**
 * The embedder of a tier: the offline hashed one for `local` (and wherever a chain has no
 * other usable link), else the tier's embedding chain with retries, breakers, fallback and
 * metering, exactly like every other paid call. The ledger store is opened only then.
 */
export async function embedderForTier(options: SetupOptions): Promise<EmbedderSetup> {
  const local = await import("../providers/local/hashed/local-hashed.js");
  let store: Db | undefined;
  const remote = new Map<string, EmbeddingModel | null>();
  const meter = async (models: EmbeddingModel[]): Promise<EmbeddingModel> => {
    const { resilientChain, withMetering } = await import("../providers/middleware/index.js");
    const { pricesFor } = await import("../providers/tiers.js");
    if (!store) {
      const { openStore } = await import("../store/db.js");
      store = await openStore(options.loaded.home);
    }
    const chain = resilientChain(models, {
      db: store,
      ...(options.events ? { events: options.events } : {}),
      ...(options.resilience ? { settings: options.resilience } : {}),
    });
    return withMetering(chain, {
      db: store,
      prices: pricesFor(options.loaded.config),
      tier: options.tier,
      taskId: options.taskId ?? "index",
      ...(options.events ? { events: options.events } : {}),
    });
  };
  const create = async (ref: string): Promise<EmbeddingModel | null> => {
    const { createModel } = await import("../providers/registry.js");
    return createModel(ref, "embedding", {
      env: options.env,
      settings: options.loaded.config.providers,
    });
  };

  let embedder: PassageEmbedder;
  let accepts: string[];
  if (options.tier === "local") {
    embedder = await localEmbedder();
    accepts = [LOCAL_EMBEDDER_REF];
  } else {
    const { chainFor, KEY_VARIABLES, usableChains } = await import("../providers/tiers.js");
    const { parseModelRef } = await import("../config/defaults.js");
    const { routeOf } = await import("../providers/middleware/index.js");
    const refs = usableChains(options.tier, options.loaded.config, options.env, [
      "embedding",
    ]).embedding;
    // A link skipped for want of a key is a downgrade the user must see (DESIGN.md §5).
    const chain = chainFor(options.tier, "embedding", options.loaded.config);
    const first = chain[0];
    if (first !== undefined && refs[0] !== first && refs[0] !== undefined) {
      const variable = KEY_VARIABLES[parseModelRef(first).provider] ?? "its key";
      const reason = `${variable} is not set`;
      options.events?.emit("fallback", { modality: "embedding", from: first, to: refs[0], reason });
      options.events?.emit("warning", {
        message: `embedding with ${refs[0]} instead of ${first} (${reason})`,
      });
    }
    const models = (await Promise.all(refs.map(create))).filter(
      (model): model is EmbeddingModel => model !== null,
    );
    if (models.length === 0) {
      embedder = await localEmbedder();
      accepts = [LOCAL_EMBEDDER_REF];
    } else {
      accepts = models.slice(0, 1).map((model) => `${model.provider}:${model.modelId}`);
      const fixed =
        models.length === 1 && models[0]?.provider === "local"
          ? { fixedDimensions: local.LOCAL_HASHED_DIMENSIONS }
          : {};
      embedder = modelEmbedder(await meter(models), { ...fixed, routeOf });
    }
  }

  return {
    embedder,
    accepts,
    queryEmbedder(db, bookKey) {
      return async (ref, query) => {
        if (ref === LOCAL_EMBEDDER_REF) {
          const buckets = local.featureBuckets(query);
          return local.embedWeighted(query, idfForQuery(db, bookKey, buckets.keys()));
        }
        if (options.tier === "local") {
          // --offline never calls a provider, whatever keys the environment holds.
          options.events?.emit("warning", {
            message: `part of this book was indexed with ${ref}; offline, those chapters are searched by keyword only`,
          });
          return null;
        }
        if (!remote.has(ref)) {
          const model = await create(ref).catch(() => null);
          remote.set(ref, model ? await meter([model]) : null);
        }
        const model = remote.get(ref);
        if (!model) {
          options.events?.emit("warning", {
            message: `part of this book was indexed with ${ref}, which is not configured here; those chapters are searched by keyword only`,
          });
          return null;
        }
        try {
          const result = await model.doEmbed({ values: [query] });
          const vector = result.embeddings[0];
          return vector ? Float32Array.from(vector) : null;
        } catch (error) {
          // A search still answers from keywords and other embedders when one provider is down.
          options.events?.emit("warning", {
            message: `${ref} could not embed the query (${(error as Error).message}); those chapters are searched by keyword only`,
          });
          return null;
        }
      };
    },
    close() {
      store?.close();
    },
  };
}
