import { setMaxListeners } from "node:events";
import { isBudgetExceeded } from "../ledger/budget-error.js";
import type { Task, TaskGraph, TaskOutput } from "./graph.js";
import { criticalPath } from "./plan-order.js";
import { type Broken, TaskBoard } from "./runner-board.js";
import { defaultLimits } from "./runner-limits.js";
import { PlanCounts, planUpdate } from "./runner-progress.js";
import { attemptOf, BudgetHold, performTask } from "./runner-task.js";
import type { RunGraphOptions, RunGraphResult, RunOutcome, TaskRecord } from "./runner-types.js";
import { stableJson } from "./task-key.js";

export type * from "./runner-types.js";

/**
 * Performs a task graph: a task starts as soon as its inputs succeeded, the longest remaining
 * critical path first, within a concurrency limit per `provider:modality` and overall. A
 * failure skips only its dependents. A budget refusal holds every further paid task; an abort
 * stops scheduling, lets tasks in flight finish for `graceMs`, then aborts them. Held and
 * aborted tasks go back to pending, so a resume (or a rerun) picks them up. Once it returned,
 * a task that ignored the abort touches nothing (recorder, cache, events) when it ends.
 */
export async function runGraph(
  graph: TaskGraph,
  options: RunGraphOptions,
): Promise<RunGraphResult> {
  const prioritize = options.priorities ?? criticalPath;
  const working: TaskGraph = { tasks: [...graph.tasks], dependencies: [...graph.dependencies] };
  const positions = new Map(working.tasks.map((task, index) => [task.id, index]));
  const inner = new AbortController();
  // Every task in flight listens to it; dozens at once are expected, not a leak.
  setMaxListeners(0, inner.signal);
  const context = { ...options.context, signal: inner.signal };
  const board = new TaskBoard(options.limits ?? defaultLimits);
  const counts = new PlanCounts();
  const outputs = new Map<string, TaskOutput>();
  const records: TaskRecord[] = [];
  const running = new Map<string, Promise<void>>();
  let holdPaid = false;
  let stopped = options.signal?.aborted ?? false;
  let failed = false;
  let closed = false;
  let firstError: unknown;
  let spent = 0;
  let wake: () => void = () => {};

  const emit = (type: string, fields: Record<string, unknown>) => {
    if (!closed) options.events.emit(type, fields);
  };
  const spending = () => options.spending?.() ?? { spentUsd: spent, budgetUsd: null };
  const about = (task: Task) => ({
    task: task.id,
    kind: task.kind,
    stage: task.stage,
    chapter: task.chapter,
  });

  const finish = (record: TaskRecord) => {
    if (closed) return;
    records.push(record);
    spent += record.costUsd;
    options.recorder?.finished(record);
    const { task, files: _files, key: _key, ...fields } = record;
    emit("task-end", { task, ...fields });
    // Only a change is news: a rerun of 200 cached tasks spends nothing (and asks nothing).
    if (record.costUsd > 0) emit("cost-update", spending());
  };
  const skip = (broken: Broken[]) => {
    for (const { task, input } of broken)
      finish({
        ...about(task),
        ...{ status: "skipped", ms: 0, costUsd: 0, provider: null, model: null },
        reason: `its input ${input} failed`,
        key: null,
        files: [],
      });
  };
  const requeue = (task: Task, reason: string) => {
    if (closed) return;
    board.held(task.id);
    options.recorder?.requeued(task, reason);
    emit("task-end", { ...about(task), status: "skipped", ms: 0, costUsd: 0, reason });
  };

  /** New tasks (and new definitions) join the board, the run's records and the totals. */
  const plan = (
    changed: Task[],
    added: Task[],
    priorities: ReadonlyMap<string, number>,
    edges: Array<[string, string]> = [],
  ) => {
    const broken = board.add(changed, priorities, edges);
    options.recorder?.planned(added);
    if (added.length > 0)
      emit("plan-update", planUpdate(counts, counts.add(added), board.remainingSeconds()));
    skip(broken);
  };

  /** The tasks an adapt task's screenplay makes known: new ones, or new definitions. */
  const expand = async (task: Task, output: TaskOutput) => {
    if (!options.onExpand) return;
    const added = new Map<string, Task>();
    const redefined = new Map<string, Task>();
    for (const next of await options.onExpand(task, output, working)) {
      const before = board.tasks.get(next.id);
      const state = board.state(next.id);
      if (!before) added.set(next.id, next);
      else if (definitionOf(before) === definitionOf(next)) continue;
      else if (state === "waiting" || state === "ready") redefined.set(next.id, next);
      else
        emit("warning", {
          message: `${next.id} ran before its chapter was adapted again; run generate once more to redo it`,
        });
    }
    if (closed || added.size + redefined.size === 0) return;
    const changed = [...added.values(), ...redefined.values()];
    for (const next of redefined.values()) {
      const position = positions.get(next.id);
      if (position !== undefined) working.tasks[position] = next;
    }
    if (redefined.size > 0)
      working.dependencies = working.dependencies.filter(([, to]) => !redefined.has(to));
    for (const next of added.values()) {
      positions.set(next.id, working.tasks.length);
      working.tasks.push(next);
    }
    for (const next of changed)
      for (const input of next.inputs) working.dependencies.push([input, next.id]);
    const priorities = localPriorities(changed, board);
    plan(changed, [...added.values()], priorities);
    // A longer path now hangs below an input still waiting: it should start sooner.
    for (const next of changed)
      for (const input of next.inputs) {
        const known = board.tasks.get(input);
        if (known) board.raise(input, known.estimate.seconds + board.priority(next.id));
      }
  };

  const run = async (task: Task): Promise<void> => {
    let attempt: ReturnType<typeof attemptOf> | null = null;
    try {
      attempt = attemptOf(task, outputs);
      options.recorder?.started(task, attempt.key);
      emit("task-start", about(task));
      const gate = { holdPaid: () => holdPaid, closed: () => closed };
      const done = await performTask(task, attempt, outputs, options, context, gate);
      outputs.set(task.id, done.output);
      if (task.kind === "adapt") await expand(task, done.output);
      board.succeeded(task.id);
      finish(done.record);
    } catch (error) {
      if (closed) return;
      const budget = error instanceof BudgetHold || isBudgetExceeded(error);
      if (budget || inner.signal.aborted) {
        if (budget) holdPaid = true;
        requeue(task, budget ? "budget reached" : "interrupted");
        return;
      }
      failed = true;
      firstError ??= error;
      finish({
        ...about(task),
        ...{ status: "failed", ms: 0, costUsd: 0, provider: null, model: null },
        reason: error instanceof Error ? error.message : String(error),
        key: attempt?.key ?? null,
        files: [],
      });
      skip(board.failed(task.id));
    }
  };

  const schedule = () => {
    if (stopped) return;
    for (let next = board.next(); next !== undefined; next = board.next()) {
      const task = next;
      const promise = run(task).finally(() => {
        board.release(task.id);
        running.delete(task.id);
        schedule();
        if (running.size === 0) wake();
      });
      running.set(task.id, promise);
    }
  };

  const idle = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const onAbort = () => {
    stopped = true;
    wake();
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    plan(working.tasks, working.tasks, prioritize(working), working.dependencies);
    schedule();
    if (running.size === 0 || stopped) wake();
    await idle;
    if (stopped && running.size > 0) {
      await settleWithin([...running.values()], options.graceMs ?? 10_000);
      inner.abort(new Error("interrupted"));
      await settleWithin([...running.values()], options.abortWaitMs ?? 2_000);
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
  // Tasks that ignored the abort: back to pending now, and silent whenever they end.
  for (const id of running.keys()) {
    const task = board.tasks.get(id);
    if (task) requeue(task, "interrupted");
  }
  emit("cost-update", spending());
  closed = true;
  const status: RunOutcome = stopped
    ? "interrupted"
    : holdPaid
      ? "budget"
      : failed
        ? "failed"
        : "done";
  return { status, graph: working, records, outputs, firstError };
}

/**
 * Priorities of tasks an expansion added, computed over them alone (they hang under their
 * adapt task): each one's seconds plus the longest path below it, among them or beyond.
 */
function localPriorities(changed: Task[], board: TaskBoard): Map<string, number> {
  const ids = new Set(changed.map((task) => task.id));
  const tails = new Map<string, number>();
  for (const task of changed) {
    let tail = 0;
    for (const to of board.dependentsOf(task.id))
      if (!ids.has(to)) tail = Math.max(tail, board.priority(to));
    if (tail > 0) tails.set(task.id, tail);
  }
  return criticalPath({ tasks: changed, dependencies: [] }, tails);
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
