import type { ExecuteResult, ExecutorContext } from "./executors/index.js";
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

/** A task that ended after its run was over: nothing may be recorded any more. */
export class RunClosed extends Error {
  constructor() {
    super("the run ended before this task did");
  }
}

/** What the run tells a task while it runs. */
export interface TaskGate {
  /** Paid work stopped at the budget. */
  holdPaid(): boolean;
  /** The run returned (a task that outlived the grace period): write nothing. */
  closed(): boolean;
}

/**
 * One task: a cache hit costs nothing and calls no executor; otherwise the executor runs, a
 * cacheable output is committed (after its artifacts were written), and the record says
 * which part of the key changed since the task last ran. Then its files go to `media/`. An
 * output a fallback link served is used but not committed: the next run tries the primary
 * again instead of keeping, say, eSpeak audio on a tier paid for ElevenLabs for good.
 */
export async function performTask(
  task: Task,
  attempt: TaskAttempt,
  outputs: ReadonlyMap<string, TaskOutput>,
  options: RunGraphOptions,
  context: ExecutorContext,
  gate: TaskGate,
): Promise<{ record: TaskRecord; output: TaskOutput }> {
  const started = Date.now();
  const cacheable = options.cachedKinds.has(task.kind);
  const base = { task: task.id, kind: task.kind, stage: task.stage, chapter: task.chapter };
  const flights = flightsOf(options);
  // Two tasks with one key (two shots with one prompt) must not both pay: the later one waits
  // for the first and takes its cached output.
  const earlier = cacheable ? flights.get(attempt.key) : undefined;
  if (earlier) await earlier.catch(() => undefined);
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
  if (gate.holdPaid() && isPaid(task)) throw new BudgetHold();
  // Read before the commit below replaces them: the parts of the task's previous key.
  const before = cacheable ? options.cache.lastParts(task.id) : null;
  // Executors get the key as `task.key` (ScheduledTask): it is runJob's persisted
  // job key, so a resumed task polls its paid async job instead of submitting it again.
  const keyed = { ...task, key: attempt.key };
  const flight = options.executorFor(task.kind)(keyed, outputs, context);
  if (cacheable) {
    flights.set(attempt.key, flight);
    const forget = () => {
      if (flights.get(attempt.key) === flight) flights.delete(attempt.key);
    };
    flight.then(forget, forget);
  }
  const result = await flight;
  if (gate.closed()) throw new RunClosed();
  const output: TaskOutput = { ...result.output, hash: outputHash(result.output) };
  const fallbackFrom = servedBelowPrimary(task, result);
  const degraded = fallbackFrom !== undefined;
  if (cacheable && !degraded) {
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
      ...(degraded ? { fallbackFrom, degraded: true } : {}),
      ...(cacheable ? { reason: keyChange(before, attempt.parts) } : {}),
      key: attempt.key,
      files,
    },
  };
}

/** Executions in progress by key, per run (the options object is one run's). */
const runningByKey = new WeakMap<RunGraphOptions, Map<string, Promise<unknown>>>();

function flightsOf(options: RunGraphOptions): Map<string, Promise<unknown>> {
  let flights = runningByKey.get(options);
  if (!flights) {
    flights = new Map();
    runningByKey.set(options, flights);
  }
  return flights;
}

/**
 * The primary ref a lower link stood in for, if one served: as the chain said it
 * (`fallbackFrom`), or as seen from who served, when that is another provider than the
 * primary's (a job a fallback link made in an earlier run, reused from the `jobs` table).
 */
function servedBelowPrimary(task: Task, result: ExecuteResult): string | undefined {
  if (result.fallbackFrom) return result.fallbackFrom;
  const primary = task.chain[0];
  if (primary === undefined || result.provider === undefined) return undefined;
  return result.provider === primary.split(":")[0] ? undefined : primary;
}
