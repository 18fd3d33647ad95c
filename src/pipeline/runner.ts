import { setMaxListeners } from "node:events";
import { isBudgetExceeded } from "../ledger/budget-error.js";
import type { Task, TaskGraph, TaskOutput } from "./graph.js";
import { criticalPath } from "./plan-order.js";
import { concurrencyKey, defaultLimits, limitOf } from "./runner-limits.js";
import { attemptOf, BudgetHold, performTask } from "./runner-task.js";
import type { RunGraphOptions, RunGraphResult, RunOutcome, TaskRecord } from "./runner-types.js";
import { stableJson } from "./task-key.js";

export type * from "./runner-types.js";

type State = "waiting" | "running" | "succeeded" | "failed" | "held";

/**
 * Performs a task graph: a task starts as soon as its inputs succeeded, the longest remaining
 * critical path first, within a concurrency limit per `provider:modality` and overall. A
 * failure skips only its dependents. A budget refusal holds every further paid task; an abort
 * stops scheduling, lets tasks in flight finish for `graceMs`, then aborts them. Held and
 * aborted tasks go back to pending, so a resume (or a rerun) picks them up.
 */
export async function runGraph(
  graph: TaskGraph,
  options: RunGraphOptions,
): Promise<RunGraphResult> {
  const limits = options.limits ?? defaultLimits;
  const prioritize = options.priorities ?? criticalPath;
  const working: TaskGraph = { tasks: [...graph.tasks], dependencies: [...graph.dependencies] };
  const inner = new AbortController();
  // Every task in flight listens to it; dozens at once are expected, not a leak.
  setMaxListeners(0, inner.signal);
  const context = { ...options.context, signal: inner.signal };
  const tasks = new Map<string, Task>();
  const needs = new Map<string, Set<string>>();
  const state = new Map<string, State>();
  const outputs = new Map<string, TaskOutput>();
  const records: TaskRecord[] = [];
  const running = new Map<string, Promise<void>>();
  const inFlight = new Map<string, number>();
  let priorities = prioritize(working);
  let holdPaid = false;
  let stopped = options.signal?.aborted ?? false;
  let failed = false;
  let firstError: unknown;
  let spent = 0;

  const add = (list: readonly Task[]) => {
    for (const task of list) {
      tasks.set(task.id, task);
      needs.set(task.id, new Set(task.inputs));
      state.set(task.id, "waiting");
    }
    for (const [from, to] of working.dependencies) needs.get(to)?.add(from);
  };
  add(working.tasks);
  options.recorder?.planned(working.tasks);

  const finish = (record: TaskRecord) => {
    records.push(record);
    spent += record.costUsd;
    options.recorder?.finished(record);
    const { task, files: _files, key: _key, ...fields } = record;
    options.events.emit("task-end", { task, ...fields });
    if (record.costUsd > 0 || record.status === "done")
      options.events.emit(
        "cost-update",
        options.spending?.() ?? { spentUsd: spent, budgetUsd: null },
      );
  };
  const skip = (task: Task, reason: string) => {
    state.set(task.id, "failed");
    finish({
      ...{ task: task.id, kind: task.kind, stage: task.stage, chapter: task.chapter },
      ...{ status: "skipped", ms: 0, costUsd: 0, provider: null, model: null, reason },
      key: null,
      files: [],
    });
  };

  /** Settles waiting tasks whose inputs failed; returns the ready ones, best first. */
  const readyTasks = (): Task[] => {
    const ready: Task[] = [];
    let changed = true;
    while (changed) {
      changed = false;
      for (const [id, current] of state) {
        if (current !== "waiting") continue;
        const task = tasks.get(id) as Task;
        const inputs = [...(needs.get(id) ?? [])];
        const broken = inputs.find((input) => state.get(input) === "failed");
        if (broken) {
          skip(task, `its input ${broken} failed`);
          changed = true;
        } else if (inputs.some((input) => state.get(input) === "held")) {
          state.set(id, "held");
          changed = true;
        }
      }
    }
    for (const [id, current] of state) {
      if (current !== "waiting") continue;
      const inputs = needs.get(id) ?? new Set();
      if ([...inputs].every((input) => state.get(input) === "succeeded"))
        ready.push(tasks.get(id) as Task);
    }
    return ready.sort(
      (a, b) => (priorities.get(b.id) ?? 0) - (priorities.get(a.id) ?? 0) || (a.id < b.id ? -1 : 1),
    );
  };

  /**
   * The adapt task rewrote a screenplay the plan had used: a task not started yet takes its
   * new definition; one already run is reported (its output came from the old screenplay).
   */
  const replace = (next: Task) => {
    if (state.get(next.id) !== "waiting") {
      options.events.emit("warning", {
        message: `${next.id} ran before its chapter was adapted again; run generate once more to redo it`,
      });
      return;
    }
    tasks.set(next.id, next);
    needs.set(next.id, new Set(next.inputs));
    const index = working.tasks.findIndex((known) => known.id === next.id);
    working.tasks[index] = next;
    working.dependencies = working.dependencies.filter(([, to]) => to !== next.id);
    for (const input of next.inputs) working.dependencies.push([input, next.id]);
  };

  const start = (task: Task) => {
    const key = concurrencyKey(task);
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    state.set(task.id, "running");
    const promise = run(task).finally(() => {
      inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
      running.delete(task.id);
    });
    running.set(task.id, promise);
  };

  const run = async (task: Task): Promise<void> => {
    let attempt: ReturnType<typeof attemptOf> | null = null;
    try {
      attempt = attemptOf(task, outputs);
      options.recorder?.started(task, attempt.key);
      options.events.emit("task-start", {
        task: task.id,
        kind: task.kind,
        stage: task.stage,
        chapter: task.chapter,
      });
      const done = await performTask(task, attempt, outputs, options, context, () => holdPaid);
      outputs.set(task.id, done.output);
      if (task.kind === "adapt" && options.onExpand) {
        const added: Task[] = [];
        for (const next of await options.onExpand(task, done.output, working)) {
          const before = tasks.get(next.id);
          if (!before) added.push(next);
          else if (definitionOf(before) !== definitionOf(next)) replace(next);
        }
        if (added.length > 0) {
          working.tasks.push(...added);
          for (const next of added)
            for (const input of next.inputs) working.dependencies.push([input, next.id]);
          add(added);
          options.recorder?.planned(added);
          priorities = prioritize(working);
        }
      }
      state.set(task.id, "succeeded");
      finish(done.record);
    } catch (error) {
      const budget = error instanceof BudgetHold || isBudgetExceeded(error);
      if (budget || inner.signal.aborted) {
        if (budget) holdPaid = true;
        state.set(task.id, "held");
        const reason = budget ? "budget reached" : "interrupted";
        options.recorder?.requeued(task, reason);
        options.events.emit("task-end", {
          task: task.id,
          kind: task.kind,
          status: "skipped",
          ms: 0,
          costUsd: 0,
          reason,
        });
        return;
      }
      failed = true;
      firstError ??= error;
      state.set(task.id, "failed");
      finish({
        ...{ task: task.id, kind: task.kind, stage: task.stage, chapter: task.chapter },
        ...{ status: "failed", ms: 0, costUsd: 0, provider: null, model: null },
        reason: error instanceof Error ? error.message : String(error),
        key: attempt?.key ?? null,
        files: [],
      });
    }
  };

  const schedule = () => {
    if (stopped) return;
    for (const task of readyTasks()) {
      if (running.size >= limits.overall) return;
      const key = concurrencyKey(task);
      if ((inFlight.get(key) ?? 0) < limitOf(key, limits)) start(task);
    }
  };

  let onAbort: () => void = () => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => {
      stopped = true;
      resolve();
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    schedule();
    while (running.size > 0 && !stopped) {
      await Promise.race([...running.values(), aborted]);
      schedule();
    }
    if (stopped && running.size > 0) {
      await settleWithin([...running.values()], options.graceMs ?? 10_000);
      inner.abort(new Error("interrupted"));
      await settleWithin([...running.values()], 2_000);
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
  readyTasks(); // skip the dependents of late failures
  const status: RunOutcome = stopped
    ? "interrupted"
    : holdPaid
      ? "budget"
      : failed
        ? "failed"
        : "done";
  return { status, graph: working, records, outputs, firstError };
}

/** What makes two tasks with one id the same work. */
function definitionOf(task: Task): string {
  return stableJson([task.kind, task.version, task.chain, task.params, task.inputs]);
}

/** Waits for the promises, but no longer than `ms`. */
async function settleWithin(promises: Promise<void>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([Promise.allSettled(promises), timeout]);
  clearTimeout(timer);
}
