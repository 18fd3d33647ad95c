import { describe, expect, it } from "vitest";
import { runGraph } from "./runner.js";
import { FakeCache, FakeExecutors, fakeTask, graphOf, runOptions } from "./runner-test-support.js";
import type { TaskRecorder } from "./runner-types.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("runGraph events and late tasks", () => {
  it("plan-update gives the totals at the start and the changed groups after an expansion", async () => {
    const executors = new FakeExecutors();
    const graph = graphOf([
      fakeTask("bible", { kind: "bible", stage: "bible", estimate: { usd: 0, seconds: 20 } }),
      fakeTask("adapt:ch01", { stage: "adapt", chapter: 1, inputs: ["bible"] }),
      fakeTask("adapt:ch02", { stage: "adapt", chapter: 2, inputs: ["bible"] }),
      fakeTask("image:ch02-a", { chapter: 2 }),
    ]);
    const { options, events } = runOptions(executors, {
      onExpand: (task) =>
        task.id === "adapt:ch01"
          ? [fakeTask("image:ch01-a", { chapter: 1 }), fakeTask("image:ch01-b", { chapter: 1 })]
          : [],
    });
    await runGraph(graph, options);
    const updates = events.filter((event) => event.type === "plan-update");
    expect(updates).toHaveLength(2);
    expect(updates[0]?.fields).toMatchObject({
      tasks: 4,
      groups: [
        { chapter: null, stage: "bible", tasks: 1 },
        { chapter: 1, stage: "adapt", tasks: 1 },
        { chapter: 2, stage: "adapt", tasks: 1 },
        { chapter: 2, stage: "media", tasks: 1 },
      ],
    });
    // Local pool, 2 at a time: (20 + 1 + 1 + 1) ÷ 2.
    expect(updates[0]?.fields.remainingSeconds).toBe(12);
    expect(updates[1]?.fields).toMatchObject({
      tasks: 6,
      groups: [{ chapter: 1, stage: "media", tasks: 2 }],
    });
  });

  it("cost-update only when spending changed, and once at the end", async () => {
    const cache = new FakeCache();
    const paid = { chain: ["modelslab:flux"], estimate: { usd: 0.02, seconds: 1 } };
    const graph = graphOf([fakeTask("image:free"), fakeTask("image:paid", paid)]);
    const first = runOptions(new FakeExecutors(), { cache });
    await runGraph(graph, first.options);
    const costs = (events: typeof first.events) =>
      events.filter((event) => event.type === "cost-update").map((event) => event.fields.spentUsd);
    expect(costs(first.events)).toEqual([0.02, 0.02]);
    const again = runOptions(new FakeExecutors(), { cache });
    await runGraph(graph, again.options);
    expect(costs(again.events)).toEqual([0]);
  });

  it("a task that outlives the grace period is requeued and touches nothing when it ends", async () => {
    const executors = new FakeExecutors(true);
    executors.stubborn.add("image:late");
    const controller = new AbortController();
    const cache = new FakeCache();
    const calls: string[] = [];
    const recorder: TaskRecorder = {
      planned() {},
      started() {},
      finished: (record) => calls.push(`finished ${record.task}`),
      requeued: (task, reason) => calls.push(`requeued ${task.id} (${reason})`),
    };
    const { options, events } = runOptions(executors, {
      cache,
      recorder,
      signal: controller.signal,
      graceMs: 0,
      abortWaitMs: 0,
    });
    const running = runGraph(graphOf([fakeTask("image:late")]), options);
    await executors.untilStarted(1);
    controller.abort();
    const result = await running;
    expect(result.status).toBe("interrupted");
    expect(calls).toEqual(["requeued image:late (interrupted)"]);
    const seen = events.length;
    executors.release("image:late");
    for (let round = 0; round < 5; round++) await tick();
    expect(executors.finished).toEqual(["image:late"]);
    expect(calls).toEqual(["requeued image:late (interrupted)"]);
    expect(events).toHaveLength(seen);
    expect(cache.entries.size).toBe(0);
    expect(result.records).toEqual([]);
  });

  it("a fallback's output is used but not cached: the next run tries the primary", async () => {
    const cache = new FakeCache();
    const chain = { chain: ["elevenlabs:v2", "local:espeak"], modality: "speech" as const };
    const graph = graphOf([
      fakeTask("speech:a", chain),
      fakeTask("clip:a", { inputs: ["speech:a"] }),
    ]);
    const first = new FakeExecutors();
    first.fellBack.set("speech:a", "elevenlabs:v2");
    const result = await runGraph(graph, runOptions(first, { cache }).options);
    expect(result.status).toBe("done");
    expect(result.records[0]).toMatchObject({
      task: "speech:a",
      status: "done",
      fallbackFrom: "elevenlabs:v2",
      degraded: true,
    });
    expect(result.outputs.get("speech:a")?.values).toEqual({ made: "speech:a" });
    expect(cache.lastParts("speech:a")).toBeNull();
    const second = new FakeExecutors();
    const again = await runGraph(graph, runOptions(second, { cache }).options);
    expect(second.started).toEqual(["speech:a"]);
    expect(again.records.map((record) => [record.task, record.status])).toEqual([
      ["speech:a", "done"],
      ["clip:a", "cached"],
    ]);
  });

  it("an output another provider served counts as a fallback even unsaid (a reused saved job)", async () => {
    const cache = new FakeCache();
    const graph = graphOf([fakeTask("image:a", { chain: ["modelslab:flux", "local:storyboard"] })]);
    const { options } = runOptions(new FakeExecutors(), {
      cache,
      executorFor: () => async () => ({
        output: { artifacts: {}, values: { made: "storyboard" } },
        provider: "local",
        model: "storyboard",
        costUsd: 0,
      }),
    });
    const result = await runGraph(graph, options);
    expect(result.records[0]).toMatchObject({ fallbackFrom: "modelslab:flux", degraded: true });
    expect(cache.entries.size).toBe(0);
  });
});
