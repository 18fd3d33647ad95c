import { join } from "node:path";
import type { LoadedConfig } from "../config/load.js";
import type { Tier } from "../config/schema.js";
import type { Book } from "../model/book.js";
import type { EventSink } from "../providers/middleware/index.js";
import type { AnyModel } from "../providers/spec/index.js";
import type { Modality } from "../providers/spec/shared.js";
import type { Bible, Screenplay } from "../script/schema.js";
import type { Db } from "../store/db.js";
import type { ExecutorContext } from "./executors/index.js";

export interface ContextInput {
  db: Db;
  loaded: LoadedConfig;
  env: NodeJS.ProcessEnv;
  tier: Tier;
  runId: string;
  file: string;
  book: Book;
  folder: string;
  events: EventSink;
  signal: AbortSignal;
  bible: Bible | null;
  screenplays: Map<number, Screenplay>;
}

/**
 * What executors share for one book's run. `chain` builds, per task, the standard stack:
 * `resilientChain` over the refs' models (created once per ref), wrapped in `withMetering`
 * against this run's budget scope (the run id), so every paid call is reserved, recorded in
 * the ledger with the task's id, and reported as `cost-update`.
 */
export async function executorContext(input: ContextInput): Promise<ExecutorContext> {
  const { ArtifactStore } = await import("../store/artifacts.js");
  const { createModel } = await import("../providers/registry.js");
  const { resilientChain, withMetering } = await import("../providers/middleware/index.js");
  const { pricesFor } = await import("../providers/tiers.js");
  const prices = pricesFor(input.loaded.config);
  const models = new Map<string, Promise<AnyModel | null>>();
  const modelFor = (ref: string, modality: Modality) => {
    const key = `${modality} ${ref}`;
    let model = models.get(key);
    if (!model) {
      model = createModel(ref, modality, {
        env: input.env,
        settings: input.loaded.config.providers,
      }) as Promise<AnyModel | null>;
      models.set(key, model);
    }
    return model;
  };
  return {
    db: input.db,
    home: input.loaded.home,
    artifacts: new ArtifactStore(input.db, input.loaded.home),
    folder: input.folder,
    mediaFolder: join(input.folder, "media"),
    file: input.file,
    book: input.book,
    loaded: input.loaded,
    env: input.env,
    tier: input.tier,
    runId: input.runId,
    budgetScope: input.runId,
    events: input.events,
    signal: input.signal,
    state: { bible: input.bible, screenplays: input.screenplays },
    async chain<M extends AnyModel>(modality: Modality, refs: readonly string[], taskId: string) {
      const found = (await Promise.all(refs.map((ref) => modelFor(ref, modality)))).filter(
        (model): model is AnyModel => model !== null,
      );
      if (found.length === 0)
        throw new Error(`no usable ${modality} model among ${refs.join(", ")}`);
      const chain = resilientChain(found as M[], { db: input.db, events: input.events });
      return withMetering(chain, {
        db: input.db,
        prices,
        tier: input.tier,
        taskId,
        runId: input.runId,
        bookId: input.book.id,
        budgetScope: input.runId,
        events: input.events,
      });
    },
  };
}
