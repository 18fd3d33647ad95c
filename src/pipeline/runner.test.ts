import { describe, expect, it } from "vitest";
import { BudgetExceededError } from "../ledger/budget-error.js";
import { runGraph } from "./runner.js";
import { concurrencyKey } from "./runner-limits.js";
import { FakeCache, FakeExecutors, fakeTask, graphOf, runOptions } from "./runner-test-support.js";

describe("runGraph", () => {
  it("starts a task only after its inputs finished", async () => {
    const executors = new FakeExecutors();
    const graph = graphOf([
      fakeTask("clip:c", { inputs: ["image:b"] }),
      fakeTask("image:b", { inputs: ["portrait:a"] }),
      fakeTask("portrait:a"),
    ]);
    const result = await runGraph(graph, runOptions(executors).options);
    expect(result.status).toBe("done");
    expect(executors.started).toEqual(["portrait:a", "image:b", "clip:c"]);
  });

  it("honours the limit per provider:modality and the local pool", async () => {
    const executors = new FakeExecutors(false, concurrencyKey);
    const remote = Array.from({ length: 10 }, (_, index) =>
      fakeTask(`image:r${index}`, { chain: ["modelslab:flux"], estimate: { usd: 0, seconds: 5 } }),
    );
    const voices = Array.from({ length: 6 }, (_, index) =>
      fakeTask(`speech:v${index}`, { modality: "speech", chain: ["elevenlabs:v2"] }),
    );
    const local = Array.from({ length: 6 }, (_, index) => fakeTask(`image:l${index}`));
    const manual = new FakeExecutors(true, concurrencyKey);
    const running = runGraph(graphOf([...remote, ...voices, ...local]), runOptions(manual).options);
    await manual.untilStarted(10);
    expect(manual.maxInFlight.get("modelslab:image")).toBe(4);
    expect(manual.maxInFlight.get("elevenlabs:speech")).toBe(4);
    expect(manual.maxInFlight.get("local")).toBe(2);
    while (manual.waiting().length > 0) {
      for (const id of manual.waiting()) manual.release(id);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await running).status).toBe("done");
    expect(manual.maxInFlight.get("modelslab:image")).toBe(4);
    expect(manual.maxInFlight.get("local")).toBe(2);
    expect(manual.started).toHaveLength(22);
    expect(executors.started).toHaveLength(0);
  });

  it("runs two tasks with one key once: the later takes the first's output from the cache", async () => {
    const manual = new FakeExecutors(true);
    // Same kind, chain and params (two shots with one prompt): one key, one paid call.
    const twins = ["image:a", "image:b"].map((id) =>
      fakeTask(id, { chain: ["modelslab:flux"], params: { prompt: "a riverbank" } }),
    );
    const { options, events } = runOptions(manual);
    const running = runGraph(graphOf(twins), options);
    await manual.untilStarted(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(manual.started).toHaveLength(1);
    manual.release(manual.started[0] as string);
    const result = await running;
    expect(result.status).toBe("done");
    expect(manual.started).toHaveLength(1);
    const statuses = events
      .filter((event) => event.type === "task-end")
      .map((event) => event.fields.status)
      .sort();
    expect(statuses).toEqual(["cached", "done"]);
  });

  it("--concurrency 1 runs one task per pool", async () => {
    const executors = new FakeExecutors(false, concurrencyKey);
    const tasks = Array.from({ length: 5 }, (_, index) =>
      fakeTask(`image:r${index}`, { chain: ["modelslab:flux"] }),
    );
    const { limitsFor } = await import("./runner-limits.js");
    await runGraph(graphOf(tasks), runOptions(executors, { limits: limitsFor(1) }).options);
    expect(executors.maxInFlight.get("modelslab:image")).toBe(1);
  });

  it("starts the task with the longest critical path first", async () => {
    const executors = new FakeExecutors(false, () => "one");
    const graph = graphOf([
      fakeTask("image:short", { estimate: { usd: 0, seconds: 1 } }),
      fakeTask("image:long", { estimate: { usd: 0, seconds: 2 } }),
      fakeTask("clip:long", { inputs: ["image:long"], estimate: { usd: 0, seconds: 30 } }),
      fakeTask("image:medium", { estimate: { usd: 0, seconds: 10 } }),
    ]);
    const { limitsFor } = await import("./runner-limits.js");
    await runGraph(graph, runOptions(executors, { limits: limitsFor(1) }).options);
    expect(executors.started).toEqual(["image:long", "clip:long", "image:medium", "image:short"]);
  });

  it("a failure skips its dependents only", async () => {
    const executors = new FakeExecutors();
    executors.failures.set("image:a", new Error("provider down"));
    const graph = graphOf([
      fakeTask("image:a"),
      fakeTask("clip:a", { inputs: ["image:a"] }),
      fakeTask("clip:a2", { inputs: ["clip:a"] }),
      fakeTask("image:b"),
      fakeTask("clip:b", { inputs: ["image:b"] }),
    ]);
    const { options, events } = runOptions(executors);
    const result = await runGraph(graph, options);
    expect(result.status).toBe("failed");
    expect((result.firstError as Error).message).toBe("provider down");
    const status = Object.fromEntries(result.records.map((record) => [record.task, record.status]));
    expect(status).toEqual({
      "image:a": "failed",
      "clip:a": "skipped",
      "clip:a2": "skipped",
      "image:b": "done",
      "clip:b": "done",
    });
    expect(events.filter((event) => event.type === "task-end")).toHaveLength(5);
  });

  it("cached tasks make no executor call, and a changed param says why it reran", async () => {
    const cache = new FakeCache();
    const first = new FakeExecutors();
    const graph = graphOf([fakeTask("image:a"), fakeTask("clip:a", { inputs: ["image:a"] })]);
    await runGraph(graph, runOptions(first, { cache }).options);
    expect(first.started).toHaveLength(2);
    const second = new FakeExecutors();
    const again = await runGraph(graph, runOptions(second, { cache }).options);
    expect(second.started).toEqual([]);
    expect(again.records.map((record) => record.status)).toEqual(["cached", "cached"]);
    const edited = graphOf([
      fakeTask("image:a", { params: { id: "image:a", prompt: "new" } }),
      fakeTask("clip:a", { inputs: ["image:a"] }),
    ]);
    const third = new FakeExecutors();
    const rerun = await runGraph(edited, runOptions(third, { cache }).options);
    expect(third.started).toEqual(["image:a"]);
    expect(rerun.records[0]?.reason).toBe("changed: prompt");
    // The new image has the same output (the fake returns its id), so the clip stays cached.
    expect(rerun.records[1]?.status).toBe("cached");
  });

  it("adds the tasks an adapt task makes known, and runs them", async () => {
    const executors = new FakeExecutors();
    const graph = graphOf([fakeTask("adapt:ch01", { stage: "adapt", chapter: 1 })]);
    const { options } = runOptions(executors, {
      onExpand: (task) => [
        fakeTask("image:ch01-sc01-sh01", { inputs: [task.id], chapter: 1 }),
        fakeTask("clip:ch01-sc01-sh01", { inputs: ["image:ch01-sc01-sh01"], chapter: 1 }),
      ],
    });
    const result = await runGraph(graph, options);
    expect(executors.started).toEqual([
      "adapt:ch01",
      "image:ch01-sc01-sh01",
      "clip:ch01-sc01-sh01",
    ]);
    expect(result.graph.tasks).toHaveLength(3);
    expect(result.graph.dependencies).toContainEqual(["adapt:ch01", "image:ch01-sc01-sh01"]);
  });

  it("an expansion that redefines a task not started yet replaces it", async () => {
    const executors = new FakeExecutors(true);
    const cache = new FakeCache();
    const old = fakeTask("image:sh01", { inputs: ["portrait:alice"], params: { prompt: "old" } });
    const graph = graphOf([
      fakeTask("adapt:ch01", { stage: "adapt" }),
      fakeTask("portrait:alice"),
      old,
    ]);
    const { options, events } = runOptions(executors, {
      cache,
      onExpand: () => [{ ...old, params: { prompt: "new" } }],
    });
    const running = runGraph(graph, options);
    await executors.untilStarted(2);
    executors.release("adapt:ch01");
    await new Promise((resolve) => setImmediate(resolve));
    executors.release("portrait:alice");
    await executors.untilStarted(3);
    executors.release("image:sh01");
    const result = await running;
    expect(result.status).toBe("done");
    expect(cache.lastParts("image:sh01")?.params).toEqual({ prompt: "new" });
    expect(result.graph.tasks.filter((task) => task.id === "image:sh01")).toHaveLength(1);
    expect(events.filter((event) => event.type === "warning")).toEqual([]);
  });

  it("an abort stops scheduling and lets tasks in flight finish", async () => {
    const executors = new FakeExecutors(true);
    const controller = new AbortController();
    const graph = graphOf([fakeTask("image:a"), fakeTask("image:b"), fakeTask("image:c")]);
    const running = runGraph(graph, runOptions(executors, { signal: controller.signal }).options);
    await executors.untilStarted(2);
    controller.abort();
    executors.release("image:a");
    executors.release("image:b");
    const result = await running;
    expect(result.status).toBe("interrupted");
    expect(executors.started).toEqual(["image:a", "image:b"]);
    expect(result.records.map((record) => record.status)).toEqual(["done", "done"]);
  });

  it("an abort aborts tasks that outlive the grace period", async () => {
    const executors = new FakeExecutors(true);
    const controller = new AbortController();
    const requeued: string[] = [];
    const { options } = runOptions(executors, {
      signal: controller.signal,
      graceMs: 0,
      recorder: {
        planned() {},
        started() {},
        finished() {},
        requeued: (task) => requeued.push(task.id),
      },
    });
    const running = runGraph(graphOf([fakeTask("image:a")]), options);
    await executors.untilStarted(1);
    controller.abort();
    const result = await running;
    expect(result.status).toBe("interrupted");
    expect(requeued).toEqual(["image:a"]);
  });

  it("a budget refusal holds paid tasks, lets free ones run, and ends with budget", async () => {
    const executors = new FakeExecutors();
    const paid = { chain: ["modelslab:flux"], estimate: { usd: 0.01, seconds: 3 } };
    executors.failures.set(
      "image:p1",
      new BudgetExceededError({
        scope: "r",
        limitUsd: 1,
        spentUsd: 1,
        reservedUsd: 0,
        estimateUsd: 0.01,
      }),
    );
    const { limitsFor } = await import("./runner-limits.js");
    const graph = graphOf([
      fakeTask("image:p1", paid),
      fakeTask("image:p2", { ...paid, estimate: { usd: 0.01, seconds: 2 } }),
      fakeTask("clip:p1", { inputs: ["image:p1"] }),
      fakeTask("image:free"),
    ]);
    const requeued: string[] = [];
    const { options } = runOptions(executors, {
      limits: limitsFor(1),
      recorder: {
        planned() {},
        started() {},
        finished() {},
        requeued: (task) => requeued.push(task.id),
      },
    });
    const result = await runGraph(graph, options);
    expect(result.status).toBe("budget");
    expect(executors.started).toEqual(["image:p1", "image:free"]);
    expect(requeued).toEqual(["image:p1", "image:p2"]);
    expect(result.records.map((record) => record.task)).toEqual(["image:free"]);
  });
});
