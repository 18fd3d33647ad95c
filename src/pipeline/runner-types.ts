import type { EventSink } from "../providers/middleware/index.js";
import type { CachedOutput } from "./cache.js";
import type { Executor, ExecutorContext } from "./executors/index.js";
import type { Task, TaskGraph, TaskKind, TaskOutput, TaskStatus } from "./graph.js";
import type { ConcurrencyLimits } from "./runner-limits.js";
import type { KeyParts } from "./task-key.js";

/** What the runner needs of the task cache (TaskCache fits; tests pass a Map-backed fake). */
export interface TaskCacheLike {
  get(key: string): CachedOutput | null;
  /** Like get, without marking the entry used (estimates write nothing). */
  peek(key: string): CachedOutput | null;
  commit(
    key: string,
    entry: { kind: string; taskId: string; parts: KeyParts } & CachedOutput,
  ): void;
  lastParts(taskId: string): KeyParts | null;
}

/** One finished (or given-up) task, as `task-end` reports it and report.json keeps it. */
export interface TaskRecord {
  task: string;
  kind: TaskKind;
  stage: Task["stage"];
  chapter: number | null;
  status: TaskStatus;
  ms: number;
  costUsd: number;
  provider: string | null;
  model: string | null;
  fallbackFrom?: string;
  /**
   * A fallback link served it (`fallbackFrom`): used in this run, not cached, so the next run
   * tries the primary again. The report counts these.
   */
  degraded?: true;
  /** Why it ran (which part of its key changed), why it failed, or why it was skipped. */
  reason?: string;
  key: string | null;
  /** Paths relative to the book folder that `materialize` wrote. */
  files: string[];
}

/** Where task states go as they change (runs.ts writes them to run_tasks). */
export interface TaskRecorder {
  planned(tasks: readonly Task[]): void;
  started(task: Task, key: string | null): void;
  finished(record: TaskRecord): void;
  /** The task did not finish (budget, interrupt): back to pending so a resume runs it. */
  requeued(task: Task, reason: string): void;
}

export type RunOutcome = "done" | "failed" | "budget" | "interrupted";

export interface RunGraphOptions {
  context: ExecutorContext;
  cache: TaskCacheLike;
  executorFor: (kind: TaskKind) => Executor;
  materialize: (task: Task, output: TaskOutput, context: ExecutorContext) => Promise<string[]>;
  cachedKinds: ReadonlySet<TaskKind>;
  events: EventSink;
  signal?: AbortSignal;
  limits?: ConcurrencyLimits;
  /** How long in-flight tasks may finish after an abort before they are aborted too. */
  graceMs?: number;
  /** After aborting them, how long to wait for tasks in flight before giving up on them. */
  abortWaitMs?: number;
  /** Task id → remaining critical path in seconds; the longest starts first. */
  priorities?: (graph: TaskGraph) => ReadonlyMap<string, number>;
  /** Called when an `adapt` task finished: the tasks its screenplay makes known. */
  onExpand?: (task: Task, output: TaskOutput, graph: TaskGraph) => Task[] | Promise<Task[]>;
  recorder?: TaskRecorder;
  /** For `cost-update`: spent so far and the limit (default: the sum of task costs, no limit). */
  spending?: () => { spentUsd: number; budgetUsd: number | null };
}

export interface RunGraphResult {
  status: RunOutcome;
  graph: TaskGraph;
  records: TaskRecord[];
  outputs: Map<string, TaskOutput>;
  /** The first failure's error (its exit code decides the book's), when status is failed. */
  firstError: unknown;
}
