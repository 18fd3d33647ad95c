import type { CachedOutput } from "./cache.js";
import type { ExecuteResult, Executor, ExecutorContext } from "./executors/index.js";
import type { Task, TaskGraph, TaskKind } from "./graph.js";
import type { RunGraphOptions, TaskCacheLike } from "./runner-types.js";
import type { KeyParts } from "./task-key.js";

/**
 * Hand-written fakes for the runner's tests: tasks, a Map-backed cache, and executors whose
 * finishing the test controls (a gate per task) so order and concurrency are observed, not
 * timed.
 */
export function fakeTask(id: string, overrides: Partial<Task> = {}): Task {
  const kind = (overrides.kind ?? id.split(":")[0] ?? "image") as TaskKind;
  return {
    id,
    kind,
    version: 1,
    stage: "media",
    chapter: null,
    scene: null,
    modality: "image",
    chain: ["local:storyboard"],
    params: { id },
    inputs: [],
    estimate: { usd: 0, seconds: 1 },
    ...overrides,
  };
}

export function graphOf(tasks: Task[]): TaskGraph {
  return {
    tasks,
    dependencies: tasks.flatMap((task) =>
      task.inputs.map((input): [string, string] => [input, task.id]),
    ),
  };
}

export class FakeCache implements TaskCacheLike {
  readonly entries = new Map<string, CachedOutput>();
  readonly parts = new Map<string, KeyParts>();
  get(key: string): CachedOutput | null {
    return this.entries.get(key) ?? null;
  }
  peek(key: string): CachedOutput | null {
    return this.entries.get(key) ?? null;
  }
  commit(
    key: string,
    entry: { kind: string; taskId: string; parts: KeyParts } & CachedOutput,
  ): void {
    this.entries.set(key, {
      output: entry.output,
      provider: entry.provider,
      model: entry.model,
      costUsd: entry.costUsd,
    });
    this.parts.set(entry.taskId, entry.parts);
  }
  lastParts(taskId: string): KeyParts | null {
    return this.parts.get(taskId) ?? null;
  }
}

/** Executors that wait for `release(id)` (or run at once when `manual` is off). */
export class FakeExecutors {
  readonly started: string[] = [];
  readonly finished: string[] = [];
  readonly inFlight = new Map<string, number>();
  readonly maxInFlight = new Map<string, number>();
  readonly failures = new Map<string, Error>();
  /** Tasks that ignore the abort signal (they end only when released). */
  readonly stubborn = new Set<string>();
  /** Tasks a fallback link serves: id → the primary ref it fell back from. */
  readonly fellBack = new Map<string, string>();
  readonly #gates = new Map<string, () => void>();
  #waiters: Array<() => void> = [];

  constructor(
    private readonly manual = false,
    private readonly groupOf: (task: Task) => string = () => "all",
  ) {}

  release(id: string): void {
    const open = this.#gates.get(id);
    if (!open) throw new Error(`${id} is not waiting`);
    this.#gates.delete(id);
    open();
  }

  waiting(): string[] {
    return [...this.#gates.keys()];
  }

  /** Resolves once `count` tasks have started (no timers: woken by the executor itself). */
  async untilStarted(count: number): Promise<void> {
    while (this.started.length < count)
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  executor: Executor = async (task, _inputs, context): Promise<ExecuteResult> => {
    const group = this.groupOf(task);
    this.started.push(task.id);
    const now = (this.inFlight.get(group) ?? 0) + 1;
    this.inFlight.set(group, now);
    this.maxInFlight.set(group, Math.max(now, this.maxInFlight.get(group) ?? 0));
    for (const wake of this.#waiters.splice(0)) wake();
    try {
      if (this.manual)
        await new Promise<void>((resolve, reject) => {
          this.#gates.set(task.id, resolve);
          if (this.stubborn.has(task.id)) return;
          context.signal.addEventListener("abort", () => reject(new Error("aborted")), {
            once: true,
          });
        });
      const failure = this.failures.get(task.id);
      if (failure) throw failure;
      this.finished.push(task.id);
      const from = this.fellBack.get(task.id);
      return {
        output: { artifacts: {}, values: { made: task.id } },
        // Served by the primary unless the test says a fallback link did.
        provider: from ? "local" : (task.chain[0]?.split(":")[0] ?? "local"),
        model: "fake",
        costUsd: task.estimate.usd,
        ...(from ? { fallbackFrom: from } : {}),
      };
    } finally {
      this.inFlight.set(group, (this.inFlight.get(group) ?? 1) - 1);
    }
  };
}

export function runOptions(executors: FakeExecutors, overrides: Partial<RunGraphOptions> = {}) {
  const events: Array<{ type: string; fields: Record<string, unknown> }> = [];
  const options: RunGraphOptions = {
    context: { signal: new AbortController().signal } as unknown as ExecutorContext,
    cache: new FakeCache(),
    executorFor: () => executors.executor,
    materialize: async () => [],
    cachedKinds: new Set<TaskKind>(["image", "speech", "clip", "portrait"]),
    events: { emit: (type, fields) => events.push({ type, fields }) },
    ...overrides,
  };
  return { options, events };
}
