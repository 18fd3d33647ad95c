import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultPrices } from "../../../src/config/defaults.js";
import { openBudget } from "../../../src/ledger/budget.js";
import type { ExecutorContext } from "../../../src/pipeline/executors/index.js";
import type { Json, Task } from "../../../src/pipeline/graph.js";
import { resilientChain, withMetering } from "../../../src/providers/middleware/index.js";
import { createModel } from "../../../src/providers/registry.js";
import type { AnyModel } from "../../../src/providers/spec/index.js";
import type { Modality } from "../../../src/providers/spec/shared.js";
import { ArtifactStore } from "../../../src/store/artifacts.js";
import { type Db, openStore } from "../../../src/store/db.js";

/**
 * A real store, artifact store and book folder in a temp home, and a `context.chain` built
 * the way the runner builds it: registry models in a resilient chain, metered per task.
 */
export interface ExecutorFixture {
  home: string;
  db: Db;
  context: ExecutorContext;
  events: Array<{ type: string } & Record<string, unknown>>;
  close(): void;
}

export async function executorFixture(
  env: NodeJS.ProcessEnv = {},
  budgetUsd = 5,
): Promise<ExecutorFixture> {
  const home = mkdtempSync(join(tmpdir(), "litink-executors-"));
  const db = await openStore(home);
  const folder = join(home, "out", "book");
  const runId = `r-test-${randomUUID().slice(0, 8)}`;
  const budgetScope = runId;
  openBudget(db, budgetScope, budgetUsd);
  const events: ExecutorFixture["events"] = [];
  const sink = {
    emit: (type: string, fields: Record<string, unknown>) => events.push({ type, ...fields }),
  };
  const context = {
    db,
    home,
    artifacts: new ArtifactStore(db, home),
    folder,
    mediaFolder: join(folder, "media"),
    file: join(home, "book.txt"),
    book: { id: "book-1", language: "en", chapters: [] },
    env,
    tier: "local",
    runId,
    budgetScope,
    events: sink,
    signal: new AbortController().signal,
    state: { bible: null, screenplays: new Map() },
    async chain<M extends AnyModel>(modality: Modality, refs: readonly string[], taskId: string) {
      const models: AnyModel[] = [];
      for (const ref of refs) {
        const model = await createModel(ref, modality, { env });
        if (model) models.push(model);
      }
      const chain = resilientChain(models, { db, events: sink });
      return withMetering(chain, {
        db,
        prices: defaultPrices,
        budgetScope,
        runId,
        taskId,
        bookId: "book-1",
        events: sink,
      }) as M;
    },
  } as unknown as ExecutorContext;
  return {
    home,
    db,
    context,
    events,
    close() {
      db.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A media task as the planner would make it, with the cache key the runner attaches. */
export function mediaTask(
  fields: Pick<Task, "id" | "kind" | "modality" | "chain" | "params"> & { inputs?: string[] },
): Task & { key: string } {
  return {
    version: 1,
    stage: fields.kind === "portrait" ? "portraits" : "media",
    chapter: 1,
    scene: "ch01-sc01",
    inputs: [],
    estimate: { usd: 0, seconds: 0 },
    key: `key-${fields.id}-${randomUUID()}`,
    ...fields,
  };
}

export function imageParams(shotId: string, seed = 7): { [key: string]: Json } {
  return {
    shotId,
    prompt: "A lighthouse on a cliff at dusk, wide shot",
    negativePrompt: "blurry",
    seed,
    width: 320,
    height: 180,
    frame: { heading: "EXT. CLIFF - DUSK", description: "The lighthouse", caption: "Wind." },
  };
}

export function speechParams(
  lineId: string,
  voiceId: string | null,
  text: string,
): { [key: string]: Json } {
  return {
    lineId,
    text,
    speaker: "narrator",
    voiceId,
    languageCode: "en",
    emotion: "neutral",
    voiceSettings: null,
  };
}
