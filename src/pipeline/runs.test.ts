import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TempStore, tempStore } from "../../test/providers/support/temp-store.js";
import { claimRun, interruptHeldRuns, STALE_MS } from "./run-lease.js";
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

/** The pid of a process that has exited: a run it held was killed. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid as number;
}

describe("run leases", () => {
  const owner = (runs: RunStore, id: string, pid: number, heartbeatAt: string) =>
    runs.db
      .prepare("UPDATE runs SET owner_pid = ?, owner_host = ?, heartbeat_at = ? WHERE id = ?")
      .run(pid, hostname(), heartbeatAt, id);
  const errorOf = (action: () => unknown) => {
    try {
      action();
    } catch (error) {
      return error as { name: string; exitCode: number; message: string };
    }
    throw new Error("expected an error");
  };

  it("a run held by a live process cannot be claimed: RunBusy (75) names the run and pid", () => {
    const runs = new RunStore(store.db);
    const lease = claimRun(store.db, {
      runId: "r-a",
      folder: "/out/alice",
      create: () => runs.create(run("r-a")),
    });
    expect(runs.get("r-a")).toMatchObject({ ownerPid: process.pid, status: "running" });
    const busy = errorOf(() => claimRun(store.db, { runId: "r-a", folder: "/out/alice" }));
    expect(busy).toMatchObject({ name: "RunBusy", exitCode: 75 });
    expect(busy.message).toContain(`r-a is being run in process ${process.pid}`);
    lease.release();
  });

  it("a second new run of the same folder is refused, naming the first; no row is created", () => {
    const runs = new RunStore(store.db);
    const lease = claimRun(store.db, {
      runId: "r-first",
      folder: "/out/alice",
      create: () => runs.create(run("r-first")),
    });
    const busy = errorOf(() =>
      claimRun(store.db, {
        runId: "r-second",
        folder: "/out/alice",
        create: () => runs.create(run("r-second")),
      }),
    );
    expect(busy).toMatchObject({ name: "RunBusy", exitCode: 75 });
    expect(busy.message).toContain("/out/alice is being written by run r-first");
    expect(runs.get("r-second")).toBeNull();
    lease.release();
    // Released: the folder is free again.
    claimRun(store.db, {
      runId: "r-second",
      folder: "/out/alice",
      create: () => runs.create(run("r-second")),
    }).release();
  });

  it("a killed holder (dead pid, or a stale heartbeat) is taken over; runs shows it interrupted", () => {
    const runs = new RunStore(store.db);
    runs.create(run("r-dead"));
    owner(runs, "r-dead", deadPid(), new Date().toISOString());
    expect(runs.list()[0]).toMatchObject({
      id: "r-dead",
      status: "interrupted",
      resume: "litink resume r-dead",
    });
    runs.create(run("r-stale"));
    // A live pid (ours) whose heartbeat stopped: a frozen or foreign process.
    owner(runs, "r-stale", process.pid, new Date(Date.now() - STALE_MS - 1000).toISOString());
    expect(runs.list().find((row) => row.id === "r-stale")?.status).toBe("interrupted");
    claimRun(store.db, { runId: "r-dead", folder: "/out/a" }).release();
    claimRun(store.db, { runId: "r-stale", folder: "/out/b" }).release();
    expect(runs.get("r-dead")?.ownerPid).toBe(process.pid);
  });

  it("a running run with a fresh heartbeat and a live pid shows as running", () => {
    const runs = new RunStore(store.db);
    const lease = claimRun(store.db, {
      runId: "r-live",
      folder: "/out/live",
      create: () => runs.create(run("r-live")),
    });
    expect(runs.list()[0]).toMatchObject({ id: "r-live", status: "running", resume: null });
    lease.release();
  });

  it("a second Ctrl-C records the held runs as interrupted before the process exits", () => {
    const runs = new RunStore(store.db);
    claimRun(store.db, {
      runId: "r-ctrl-c",
      folder: "/out/c",
      create: () => runs.create(run("r-ctrl-c")),
    });
    expect(interruptHeldRuns()).toEqual(["r-ctrl-c"]);
    expect(runs.get("r-ctrl-c")).toMatchObject({ status: "interrupted", exitCode: 75 });
    expect(interruptHeldRuns()).toEqual([]);
    // The folder lease went with it.
    claimRun(store.db, { runId: "r-ctrl-c", folder: "/out/c" }).release();
  });

  it("claiming a run that does not exist is RunNotFound (64)", () => {
    expect(errorOf(() => claimRun(store.db, { runId: "r-none", folder: "/x" }))).toMatchObject({
      name: "RunNotFound",
      exitCode: 64,
    });
  });
});
