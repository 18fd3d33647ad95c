import type { Task } from "./graph.js";
import { type ConcurrencyLimits, concurrencyKey, limitOf } from "./runner-limits.js";
import { comesBefore, type QueueEntry, TaskQueue } from "./runner-queue.js";

export type TaskState = "waiting" | "ready" | "running" | "succeeded" | "failed" | "held";

/** A task that can never run, and the input whose failure stopped it. */
export interface Broken {
  task: Task;
  input: string;
}

/**
 * The scheduler's bookkeeping, so that each event costs O(degree · log n), not a scan of the
 * graph: per task the number of inputs not yet succeeded, the tasks reading each one, and a
 * priority queue of ready tasks per concurrency pool (remaining critical path first). An
 * input may be named before it is known (a later expansion adds it): it counts as pending.
 */
export class TaskBoard {
  readonly tasks = new Map<string, Task>();
  running = 0;
  readonly #state = new Map<string, TaskState>();
  readonly #needs = new Map<string, string[]>();
  readonly #pending = new Map<string, number>();
  readonly #dependents = new Map<string, string[]>();
  readonly #priority = new Map<string, number>();
  readonly #poolOf = new Map<string, string>();
  readonly #pools = new Map<string, TaskQueue>();
  readonly #inFlight = new Map<string, number>();
  /** Per pool: estimated seconds of the tasks not finished yet (for the ETA). */
  readonly #poolSeconds = new Map<string, number>();

  constructor(private readonly limits: ConcurrencyLimits) {}

  state(id: string): TaskState | undefined {
    return this.#state.get(id);
  }

  priority(id: string): number {
    return this.#priority.get(id) ?? 0;
  }

  /** Known tasks that read `id`. */
  dependentsOf(id: string): string[] {
    return (this.#dependents.get(id) ?? []).filter((to) => this.tasks.has(to));
  }

  /**
   * Adds tasks (`edges`: more `[from, to]` beyond their inputs) with their priorities, or a new
   * definition of a task not started yet. Returns those an input's failure stops.
   */
  add(
    tasks: readonly Task[],
    priorities: ReadonlyMap<string, number>,
    edges: Iterable<[string, string]> = [],
  ): Broken[] {
    const extra = new Map<string, string[]>();
    for (const [from, to] of edges) {
      const sources = extra.get(to);
      if (sources) sources.push(from);
      else extra.set(to, [from]);
    }
    for (const task of tasks) {
      if (this.tasks.has(task.id)) this.#unwire(task.id);
      this.tasks.set(task.id, task);
      this.#priority.set(task.id, priorities.get(task.id) ?? 0);
      this.#state.set(task.id, "waiting");
      const pool = concurrencyKey(task);
      this.#poolOf.set(task.id, pool);
      this.#addSeconds(pool, task.estimate.seconds);
      const needs = [...new Set([...task.inputs, ...(extra.get(task.id) ?? [])])];
      this.#needs.set(task.id, needs);
      for (const from of needs) {
        const readers = this.#dependents.get(from);
        if (readers) readers.push(task.id);
        else this.#dependents.set(from, [task.id]);
      }
    }
    const broken: Broken[] = [];
    for (const task of tasks) {
      // Settled already: downstream of a task in this batch that failed or was held.
      if (this.#state.get(task.id) !== "waiting") continue;
      const needs = this.#needs.get(task.id) ?? [];
      const failed = needs.find((from) => this.#state.get(from) === "failed");
      if (failed !== undefined) {
        broken.push(...this.#fail(task.id, failed));
        continue;
      }
      if (needs.some((from) => this.#state.get(from) === "held")) {
        this.held(task.id);
        continue;
      }
      const pending = needs.filter((from) => this.#state.get(from) !== "succeeded").length;
      this.#pending.set(task.id, pending);
      if (pending === 0) this.#makeReady(task.id);
    }
    return broken;
  }

  /** Raises a waiting or ready task's priority (an expansion found a longer path below it). */
  raise(id: string, priority: number): void {
    const state = this.#state.get(id);
    if ((state !== "waiting" && state !== "ready") || priority <= this.priority(id)) return;
    this.#priority.set(id, priority);
    for (const from of this.#needs.get(id) ?? []) {
      const input = this.tasks.get(from);
      if (input) this.raise(from, input.estimate.seconds + priority);
    }
    if (state === "ready") this.#queue(id);
  }

  /** The best ready task in a pool with room, within the overall cap: now running. */
  next(): Task | undefined {
    if (this.running >= this.limits.overall) return undefined;
    let best: { pool: string; entry: QueueEntry } | null = null;
    for (const [pool, queue] of this.#pools) {
      if ((this.#inFlight.get(pool) ?? 0) >= limitOf(pool, this.limits)) continue;
      let top = queue.peek();
      while (top && this.#stale(top, pool)) {
        queue.pop();
        top = queue.peek();
      }
      if (top && (best === null || comesBefore(top, best.entry))) best = { pool, entry: top };
    }
    if (best === null) return undefined;
    this.#pools.get(best.pool)?.pop();
    this.#state.set(best.entry.id, "running");
    this.#inFlight.set(best.pool, (this.#inFlight.get(best.pool) ?? 0) + 1);
    this.running += 1;
    return this.tasks.get(best.entry.id);
  }

  /** A running task ended (however): its slot is free. */
  release(id: string): void {
    const pool = this.#poolOf.get(id) ?? "local";
    this.#inFlight.set(pool, (this.#inFlight.get(pool) ?? 1) - 1);
    this.running -= 1;
  }

  succeeded(id: string): void {
    this.#settle(id, "succeeded");
    for (const to of this.#dependents.get(id) ?? []) {
      const left = (this.#pending.get(to) ?? 1) - 1;
      this.#pending.set(to, left);
      if (left === 0 && this.#state.get(to) === "waiting") this.#makeReady(to);
    }
  }

  /** `id` failed: every task downstream that was still waiting fails too (returned). */
  failed(id: string): Broken[] {
    this.#settle(id, "failed");
    const broken: Broken[] = [];
    for (const to of this.#dependents.get(id) ?? []) {
      if (this.#open(to)) broken.push(...this.#fail(to, id));
    }
    return broken;
  }

  /** `id` cannot finish in this run (budget, interrupt): nor can anything downstream. */
  held(id: string): void {
    const stack = [id];
    this.#settle(id, "held");
    while (stack.length > 0) {
      for (const to of this.#dependents.get(stack.pop() as string) ?? []) {
        if (!this.#open(to)) continue;
        this.#settle(to, "held");
        stack.push(to);
      }
    }
  }

  /** The ids of tasks started and not ended. */
  runningIds(): string[] {
    return [...this.#state].filter(([, state]) => state === "running").map(([id]) => id);
  }

  /** Estimated seconds left: the busiest pool's unfinished work ÷ its limit. */
  remainingSeconds(): number {
    let most = 0;
    for (const [pool, seconds] of this.#poolSeconds)
      most = Math.max(most, seconds / limitOf(pool, this.limits));
    return most;
  }

  #open(id: string): boolean {
    const state = this.#state.get(id);
    return this.tasks.has(id) && (state === "waiting" || state === "ready");
  }

  #fail(id: string, input: string): Broken[] {
    const broken: Broken[] = [{ task: this.tasks.get(id) as Task, input }];
    this.#settle(id, "failed");
    const stack = [id];
    while (stack.length > 0) {
      const from = stack.pop() as string;
      for (const to of this.#dependents.get(from) ?? []) {
        if (!this.#open(to)) continue;
        this.#settle(to, "failed");
        broken.push({ task: this.tasks.get(to) as Task, input: from });
        stack.push(to);
      }
    }
    return broken;
  }

  #settle(id: string, state: TaskState): void {
    const before = this.#state.get(id);
    this.#state.set(id, state);
    const task = this.tasks.get(id);
    if (task && before !== "succeeded" && before !== "failed" && before !== "held")
      this.#addSeconds(this.#poolOf.get(id) ?? "local", -task.estimate.seconds);
  }

  #makeReady(id: string): void {
    this.#state.set(id, "ready");
    this.#queue(id);
  }

  #queue(id: string): void {
    const pool = this.#poolOf.get(id) ?? "local";
    let queue = this.#pools.get(pool);
    if (!queue) {
      queue = new TaskQueue();
      this.#pools.set(pool, queue);
    }
    queue.push({ id, priority: this.priority(id) });
  }

  /** A queue entry left behind: the task started, changed pool or priority, or waits again. */
  #stale(entry: QueueEntry, pool: string): boolean {
    return (
      this.#state.get(entry.id) !== "ready" ||
      this.#poolOf.get(entry.id) !== pool ||
      this.#priority.get(entry.id) !== entry.priority
    );
  }

  /** Before a task takes a new definition: drop its edges and its share of the pool's work. */
  #unwire(id: string): void {
    for (const from of this.#needs.get(id) ?? [])
      this.#dependents.set(
        from,
        (this.#dependents.get(from) ?? []).filter((to) => to !== id),
      );
    const task = this.tasks.get(id);
    if (task) this.#addSeconds(this.#poolOf.get(id) ?? "local", -task.estimate.seconds);
  }

  #addSeconds(pool: string, seconds: number): void {
    this.#poolSeconds.set(pool, (this.#poolSeconds.get(pool) ?? 0) + seconds);
  }
}
