import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TempStore, tempStore } from "../../test/providers/support/temp-store.js";
import { fakeTask } from "./runner-test-support.js";
import { newRunId, RunStore } from "./runs.js";

let store: TempStore;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(() => store.close());

const run = (id: string) => ({
  id,
  bookFile: "/books/alice.md",
  bookId: null,
  outDir: "/out",
  tier: "local",
  options: { chapters: [1] },
  budgetUsd: 5,
});

describe("RunStore", () => {
  it("makes ids like r-20261127-a1b2c3", () => {
    expect(newRunId(new Date("2026-11-27T10:00:00Z"))).toMatch(/^r-20261127-[0-9a-f]{6}$/);
    expect(newRunId()).not.toBe(newRunId());
  });

  it("writes each task state as it changes and sums a run", () => {
    const runs = new RunStore(store.db);
    runs.create(run("r-1"));
    const recorder = runs.recorder("r-1");
    const [a, b, c] = [fakeTask("image:a"), fakeTask("image:b"), fakeTask("clip:a")];
    recorder.planned([a, b, c]);
    recorder.started(a, "key-a");
    expect(runs.tasks("r-1").find((task) => task.taskId === "image:a")?.status).toBe("running");
    recorder.finished({
      task: "image:a",
      kind: "image",
      stage: "media",
      chapter: null,
      status: "done",
      ms: 5,
      costUsd: 0.25,
      provider: "modelslab",
      model: "flux",
      reason: "not made before",
      key: "key-a",
      files: [],
    });
    recorder.started(b, "key-b");
    runs.end("r-1", "interrupted", 75);
    const [summary] = runs.list();
    expect(summary).toMatchObject({
      id: "r-1",
      status: "interrupted",
      exitCode: 75,
      tasksDone: 1,
      tasksTotal: 3,
      spentUsd: 0.25,
      options: { chapters: [1] },
    });
  });

  it("a resume turns tasks a killed process left running into pending ones", () => {
    const runs = new RunStore(store.db);
    runs.create(run("r-2"));
    const recorder = runs.recorder("r-2");
    const task = fakeTask("image:a");
    recorder.planned([task]);
    recorder.started(task, "key");
    runs.reopen("r-2", 9);
    expect(runs.tasks("r-2")[0]?.status).toBe("pending");
    expect(runs.get("r-2")).toMatchObject({ status: "running", budgetUsd: 9, exitCode: null });
  });
});
