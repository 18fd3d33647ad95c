import { describe, expect, it } from "vitest";
import type { ExecuteResult, Executor } from "./executors/index.js";
import type { Task } from "./graph.js";
import { runGraph } from "./runner.js";
import { type ConcurrencyLimits, concurrencyKey, limitOf, limitsFor } from "./runner-limits.js";
import { FakeExecutors, fakeTask, graphOf, runOptions } from "./runner-test-support.js";

const SHOTS = 60;

/** A book of about `size` tasks: bible → adapt per chapter → per shot image + speech → clip. */
function book(size: number) {
  const planned: Task[] = [fakeTask("bible:b", { kind: "bible", stage: "bible" })];
  const later = new Map<string, Task[]>();
  let count = 1;
  for (let chapter = 1; count < size; chapter++) {
    const adapt = fakeTask(`adapt:ch${chapter}`, { stage: "adapt", chapter, inputs: ["bible:b"] });
    planned.push(adapt);
    count += 1;
    const media: Task[] = [];
    for (let shot = 1; shot <= SHOTS && count < size; shot++, count += 3) {
      const id = `ch${chapter}-sh${shot}`;
      const image = fakeTask(`image:${id}`, { chapter, chain: ["modelslab:f"] });
      const speech = fakeTask(`speech:${id}`, {
        chapter,
        modality: "speech",
        chain: ["eleven:v"],
        estimate: { usd: 0, seconds: shot % 7 },
      });
      media.push(image, speech, fakeTask(`clip:${id}`, { chapter, inputs: [image.id, speech.id] }));
    }
    // Odd chapters have a screenplay already (planned); even ones are known once adapted.
    if (chapter % 2 === 1) planned.push(...media);
    else later.set(adapt.id, media);
  }
  return { planned, later };
}

describe("runGraph at scale", () => {
  it("runs 20k instant tasks once each, after their inputs, within every limit", async () => {
    const { planned, later } = book(20_000);
    const limits: ConcurrencyLimits = { remote: 3, local: 2, overall: 7 };
    const runs = new Map<string, number>();
    const finished = new Set<string>();
    const inFlight = new Map<string, number>();
    const most = new Map<string, number>();
    const early: string[] = [];
    let running = 0;
    let mostRunning = 0;
    const executor: Executor = async (task): Promise<ExecuteResult> => {
      runs.set(task.id, (runs.get(task.id) ?? 0) + 1);
      for (const input of task.inputs) if (!finished.has(input)) early.push(task.id);
      const pool = concurrencyKey(task);
      inFlight.set(pool, (inFlight.get(pool) ?? 0) + 1);
      most.set(pool, Math.max(most.get(pool) ?? 0, inFlight.get(pool) ?? 0));
      mostRunning = Math.max(mostRunning, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight.set(pool, (inFlight.get(pool) ?? 1) - 1);
      running -= 1;
      finished.add(task.id);
      return { output: { artifacts: {}, values: { made: task.id } }, costUsd: 0 };
    };
    const { options } = runOptions(new FakeExecutors(), {
      limits,
      executorFor: () => executor,
      onExpand: (adapt) => later.get(adapt.id) ?? [],
    });
    const result = await runGraph(graphOf(planned), options);
    const total = planned.length + [...later.values()].flat().length;
    expect(total).toBeGreaterThanOrEqual(20_000);
    expect(result.status).toBe("done");
    expect(result.records).toHaveLength(total);
    expect(result.graph.tasks).toHaveLength(total);
    expect(runs.size).toBe(total);
    expect([...runs.values()].every((times) => times === 1)).toBe(true);
    expect(early).toEqual([]);
    for (const [pool, count] of most) expect(count).toBeLessThanOrEqual(limitOf(pool, limits));
    expect(most.get("modelslab:image")).toBe(3);
    expect(mostRunning).toBe(7);
  }, 60_000);

  it("prices an expansion's tasks locally: the whole graph is prioritized once", async () => {
    const executors = new FakeExecutors(false, () => "one");
    let prioritized = 0;
    const seconds = (value: number) => ({ estimate: { usd: 0, seconds: value } });
    const graph = graphOf([
      fakeTask("adapt:ch01", { stage: "adapt", chapter: 1, ...seconds(1) }),
      fakeTask("image:medium", { inputs: ["adapt:ch01"], ...seconds(10) }),
      fakeTask("portrait:x", { inputs: ["adapt:ch01"], ...seconds(1) }),
    ]);
    const { criticalPath } = await import("./plan-order.js");
    const { options } = runOptions(executors, {
      limits: limitsFor(1),
      priorities: (whole) => {
        prioritized += 1;
        return criticalPath(whole);
      },
      onExpand: () => [
        fakeTask("image:short", seconds(1)),
        fakeTask("image:long", seconds(2)),
        fakeTask("clip:long", { inputs: ["image:long"], ...seconds(30) }),
        // A long path below a task planned before: that task moves up (1 + 50 > 10).
        fakeTask("clip:x", { inputs: ["portrait:x"], ...seconds(50) }),
      ],
    });
    await runGraph(graph, options);
    expect(prioritized).toBe(1);
    expect(executors.started).toEqual([
      "adapt:ch01",
      "portrait:x",
      "clip:x",
      "image:long",
      "clip:long",
      "image:medium",
      "image:short",
    ]);
  });
});
