import type { ExecutorContext } from "./executors/index.js";
import type { Task, TaskOutput } from "./graph.js";
import type { RunGraphOptions, TaskRecord } from "./runner-types.js";
import { type KeyParts, keyChange, keyParts, outputHash, taskKey } from "./task-key.js";

/** A task that did not run because paid work stopped at the budget. */
export class BudgetHold extends Error {
  constructor() {
    super("budget reached");
  }
}

export interface TaskAttempt {
  parts: KeyParts;
  key: string;
}

/** The key of a task from its inputs' outputs (all present: the scheduler waited for them). */
export function attemptOf(task: Task, outputs: ReadonlyMap<string, TaskOutput>): TaskAttempt {
  const parts = keyParts(task, outputs);
  return { parts, key: taskKey(parts) };
}

/** Whether the task may spend money: any link of its chain is not an offline model. */
export function isPaid(task: Task): boolean {
  return task.chain.some((ref) => !ref.startsWith("local:"));
}

/**
 * One task: a cache hit costs nothing and calls no executor; otherwise the executor runs, a
 * cacheable output is committed (after its artifacts were written), and the record says
 * which part of the key changed since the task last ran. Then its files go to `media/`.
 */
export async function performTask(
  task: Task,
  attempt: TaskAttempt,
  outputs: ReadonlyMap<string, TaskOutput>,
  options: RunGraphOptions,
  context: ExecutorContext,
  holdPaid: () => boolean,
): Promise<{ record: TaskRecord; output: TaskOutput }> {
  const started = Date.now();
  const cacheable = options.cachedKinds.has(task.kind);
  const base = { task: task.id, kind: task.kind, stage: task.stage, chapter: task.chapter };
  const hit = cacheable ? options.cache.get(attempt.key) : null;
  if (hit) {
    const files = await options.materialize(task, hit.output, context);
    return {
      output: hit.output,
      record: {
        ...base,
        status: "cached",
        ms: Date.now() - started,
        costUsd: 0,
        provider: hit.provider,
        model: hit.model,
        key: attempt.key,
        files,
      },
    };
  }
  if (holdPaid() && isPaid(task)) throw new BudgetHold();
  // Read before the commit below replaces them: the parts of the task's previous key.
  const before = cacheable ? options.cache.lastParts(task.id) : null;
  // Executors get the key as `task.key` (ScheduledTask): it is runJob's persisted
  // job key, so a resumed task polls its paid async job instead of submitting it again.
  const keyed = { ...task, key: attempt.key };
  const result = await options.executorFor(task.kind)(keyed, outputs, context);
  const output: TaskOutput = { ...result.output, hash: outputHash(result.output) };
  if (cacheable) {
    options.cache.commit(attempt.key, {
      kind: task.kind,
      taskId: task.id,
      parts: attempt.parts,
      output,
      provider: result.provider ?? null,
      model: result.model ?? null,
      costUsd: result.costUsd,
    });
  }
  const files = await options.materialize(keyed, output, context);
  return {
    output,
    record: {
      ...base,
      status: "done",
      ms: Date.now() - started,
      costUsd: result.costUsd,
      provider: result.provider ?? null,
      model: result.model ?? null,
      ...(result.fallbackFrom ? { fallbackFrom: result.fallbackFrom } : {}),
      ...(cacheable ? { reason: keyChange(before, attempt.parts) } : {}),
      key: attempt.key,
      files,
    },
  };
}
