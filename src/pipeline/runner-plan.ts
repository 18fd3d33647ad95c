import { modalities } from "../config/schema.js";
import type { Modality } from "../providers/spec/shared.js";
import type { Db } from "../store/db.js";
import type { CachedOutput, TaskCache } from "./cache.js";
import type { Task, TaskGraph } from "./graph.js";
import type { Estimate, PlanInput } from "./plan.js";
import type { TaskCacheLike } from "./runner-types.js";
import { primaryOf, stableJson, taskKey } from "./task-key.js";

/** Every modality a book's run may use: the chains `generate` and `estimate` resolve. */
export const RUN_MODALITIES: readonly Modality[] = modalities;

type PlanModule = typeof import("./plan.js");
type ExecutorModule = typeof import("./executors/index.js");

/** The planner and executors, loaded lazily. */
export interface PlanParts {
  planBook: PlanModule["planBook"];
  chapterMediaTasks: PlanModule["chapterMediaTasks"];
  estimatePlan: PlanModule["estimatePlan"];
  criticalPath: (graph: TaskGraph) => ReadonlyMap<string, number>;
  executorFor: ExecutorModule["executorFor"];
  materialize: ExecutorModule["materialize"];
  CACHED_KINDS: ExecutorModule["CACHED_KINDS"];
}

export async function planParts(): Promise<PlanParts> {
  const plan = await import("./plan.js");
  const executors = await import("./executors/index.js");
  return {
    planBook: plan.planBook,
    chapterMediaTasks: plan.chapterMediaTasks,
    estimatePlan: plan.estimatePlan,
    criticalPath: plan.criticalPath,
    executorFor: executors.executorFor,
    materialize: executors.materialize,
    CACHED_KINDS: executors.CACHED_KINDS,
  };
}

/** The task cache, checking that each hit's artifact files still exist under `home`. */
export function taskCache(db: Db, home: string): TaskCache & TaskCacheLike {
  return new cacheModule.TaskCache(db, home);
}

let cacheModule: typeof import("./cache.js");
export async function loadCache(): Promise<void> {
  cacheModule ??= await import("./cache.js");
}

/**
 * Which planned tasks are probably cached, before their inputs' outputs are known: the task
 * made before with the same kind, version, models and params, and that entry still in the
 * cache. An input that changed since would make it rerun; the estimate errs towards free.
 */
export function likelyCached(
  graph: TaskGraph,
  cache: TaskCacheLike,
  kinds: ReadonlySet<string>,
): Set<string> {
  const found = new Set<string>();
  for (const task of graph.tasks) {
    if (!kinds.has(task.kind)) continue;
    const parts = cache.lastParts(task.id);
    if (!parts || !sameAsPlanned(task, parts)) continue;
    // peek, not get: an estimate writes nothing (not even the entry's last use).
    const hit: CachedOutput | null = cache.peek(taskKey(parts));
    if (hit) found.add(task.id);
  }
  return found;
}

function sameAsPlanned(
  task: Task,
  parts: { taskVersion: number; models: string[]; params: unknown },
) {
  return (
    parts.taskVersion === task.version &&
    stableJson(primaryOf(parts.models)) === stableJson(primaryOf(task.chain)) &&
    stableJson(parts.params) === stableJson(task.params)
  );
}

/**
 * The spending guard (DESIGN.md §2): when the estimate of what is not cached exceeds the
 * book's limit, ask on a TTY (the `confirm` hook), else stop before the first paid call.
 * Returns the limit to run under (the estimate, when the user agreed to go over), or null.
 */
export async function estimateGuard(
  parts: PlanParts,
  input: PlanInput,
  graph: TaskGraph,
  cache: TaskCacheLike,
  limitUsd: number,
  shared: {
    events: { emit(type: string, fields: Record<string, unknown>): void };
    confirmOverBudget?: (estimateUsd: number, limitUsd: number) => Promise<boolean>;
  },
): Promise<number | null> {
  const estimate: Estimate = parts.estimatePlan(
    input,
    graph,
    likelyCached(graph, cache, parts.CACHED_KINDS),
  );
  if (estimate.estimatedUsd <= limitUsd + 1e-9) return limitUsd;
  if (shared.confirmOverBudget && (await shared.confirmOverBudget(estimate.estimatedUsd, limitUsd)))
    return estimate.estimatedUsd;
  shared.events.emit("warning", {
    message: `the estimate ($${estimate.estimatedUsd.toFixed(2)}) exceeds the budget ($${limitUsd.toFixed(2)}); nothing was spent — raise it with --budget`,
  });
  return null;
}
