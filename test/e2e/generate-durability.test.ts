import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MODELSLAB_TEST_KEY,
  type ModelsLabEmulator,
  startModelsLabEmulator,
} from "../emulators/modelslab.js";
import { type CliRun, repoRoot, runCli, runCliAsync, tempDir } from "../support/cli.js";
import { spawnCli } from "../support/cli-spawn.js";
import { paidRequests } from "../support/paid-env.js";

/**
 * Run leases and the budget across a batch: a killed run shows as interrupted, two processes
 * never work on one run (or one book's folder) at once, a second Ctrl-C still records the run,
 * resume refuses what it cannot continue, and a batch's guard runs on the sum of its books.
 */
const ALICE = join(repoRoot, "examples/alice-in-wonderland.md");
const ARGS = ["generate", "alice.md", "--chapters", "1", "--quality", "draft", "--json"];
// The offline writer (many shots) with images from ModelsLab: paid submissions to count.
const CONFIG = { tiers: { local: { image: ["modelslab:seedream-t2i", "local:storyboard"] } } };

type Event = Record<string, unknown> & { type: string };
const ofType = (run: CliRun, type: string) =>
  run.events.filter((event) => event.type === type) as Event[];
const listRuns = (cwd: string, env: Record<string, string>) =>
  (
    runCli(["runs", "--json"], { cwd, env }).events.at(-1) as unknown as {
      runs: Array<{ id: string; status: string; resume: string | null }>;
    }
  ).runs;

let modelslab: ModelsLabEmulator;
beforeAll(async () => {
  modelslab = await startModelsLabEmulator({ processingPolls: 1 });
});
afterAll(async () => {
  await modelslab.close();
});

const submissions = () =>
  modelslab.count("/v7/images/text-to-image") + modelslab.count("/v7/images/image-to-image");
const MEDIA = /^(image|speech|clip|portrait)$/;
const isImage = (event: Event) => event.kind === "image" || event.kind === "portrait";

function setup(prefix: string, books = ["alice.md"]) {
  const cwd = tempDir(prefix);
  for (const book of books) copyFileSync(ALICE, join(cwd, book));
  writeFileSync(join(cwd, "litink.config.json"), JSON.stringify(CONFIG));
  const env = {
    LITINK_HOME: join(cwd, "home"),
    MODELSLAB_API_KEY: MODELSLAB_TEST_KEY,
    MODELSLAB_BASE_URL: modelslab.url,
  };
  return { cwd, env };
}

/** A run killed with SIGKILL once `count` media tasks ended: its run id. */
async function killedRun(cwd: string, env: Record<string, string>, count = 4): Promise<string> {
  const killed = await signalAfter(ARGS, { cwd, env }, count, ["SIGKILL"]);
  expect(killed.code).toBeNull();
  return String(ofType(killed, "run-start")[0]?.runId);
}

/** One process did the work and the other stopped with RunBusy (75) before any task. */
function oneBusy(runs: CliRun[]): { winner: CliRun; busy: CliRun } {
  const busy = runs.find((run) => run.code === 75);
  const winner = runs.find((run) => run.code === 0);
  expect(runs.map((run) => run.code).sort(), runs.map((run) => run.stderr).join("\n")).toEqual([
    0, 75,
  ]);
  if (!busy || !winner) throw new Error("unreachable");
  expect(busy.events.at(-1)).toMatchObject({ type: "error", name: "RunBusy", exitCode: 75 });
  expect(ofType(busy, "task-start")).toEqual([]);
  return { winner, busy };
}

describe("run leases", () => {
  it("a run killed with SIGKILL is listed as interrupted, with its resume command", async () => {
    const { cwd, env } = setup("litink-lease-kill-");
    const runId = await killedRun(cwd, env);
    expect(listRuns(cwd, env)[0]).toEqual(
      expect.objectContaining({
        id: runId,
        status: "interrupted",
        resume: `litink resume ${runId}`,
      }),
    );
    const human = runCli(["runs"], { cwd, env });
    expect(human.stdout + human.stderr).toContain(`litink resume ${runId}`);
  }, 240_000);

  it("two resumes of one run at once: one runs, the other exits 75 (RunBusy); nothing is paid twice", async () => {
    const { cwd, env } = setup("litink-lease-resume-");
    const runId = await killedRun(cwd, env);
    const before = submissions();
    const both = await Promise.all([
      runCliAsync(["resume", runId, "--json"], { cwd, env }),
      runCliAsync(["resume", runId, "--json"], { cwd, env }),
    ]);
    const { winner, busy } = oneBusy(both);
    expect(String((busy.events.at(-1) as Event).message)).toContain(`Run ${runId} is being run`);
    expect(winner.events.at(-1)).toMatchObject({ type: "result", command: "resume", runId });
    // Only the winner submitted images, each at most once (a job whose handle was saved
    // before the kill is polled again, not submitted); the busy one submitted none.
    const paid = ofType(winner, "task-end").filter(
      (event) => isImage(event) && event.status === "done" && event.provider === "modelslab",
    );
    expect(paid.length).toBeGreaterThan(0);
    expect(submissions() - before).toBeLessThanOrEqual(paid.length);
    expect(listRuns(cwd, env)[0]).toMatchObject({ id: runId, status: "done", resume: null });

    // A finished run: nothing to do, exit 0, and the run is not reopened.
    const endedAt = () =>
      (
        runCli(["runs", "--json"], { cwd, env }).events.at(-1) as unknown as {
          runs: Array<{ endedAt: string }>;
        }
      ).runs[0]?.endedAt;
    const ended = endedAt();
    const again = runCli(["resume", runId, "--json"], { cwd, env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.events.at(-1)).toMatchObject({
      type: "result",
      command: "resume",
      runId,
      status: "done",
      nothingToDo: true,
    });
    expect(ofType(again, "run-start")).toEqual([]);
    expect(endedAt()).toBe(ended);
    const human = runCli(["resume", runId], { cwd, env });
    expect(human.stdout + human.stderr).toContain(
      `run ${runId} already finished (done); nothing to do`,
    );
  }, 240_000);

  it("two generate of one book into one folder at once: the second exits 75 naming the first", async () => {
    const { cwd, env } = setup("litink-lease-twice-");
    const before = submissions();
    const requestsBefore = modelslab.requests.length;
    const both = await Promise.all([
      runCliAsync([...ARGS, "--budget", "5"], { cwd, env }),
      runCliAsync([...ARGS, "--budget", "5"], { cwd, env }),
    ]);
    const { winner, busy } = oneBusy(both);
    const winnerId = String(ofType(winner, "run-start")[0]?.runId);
    expect(String((busy.events.at(-1) as Event).message)).toContain(
      `is being written by run ${winnerId}`,
    );
    expect(ofType(busy, "run-start")).toEqual([]);
    const paid = ofType(winner, "task-end").filter(
      (event) => isImage(event) && event.status === "done" && event.provider === "modelslab",
    );
    expect(paid.length).toBeGreaterThan(0);
    // Nothing asked twice (shots with one prompt share one key, so one job): the busy process
    // submitted nothing, and the winner each distinct picture once.
    const asked = paidRequests("modelslab", modelslab.requests.slice(requestsBefore));
    expect(submissions() - before).toBe(asked.length);
    expect(asked.length).toBe(new Set(asked).size);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.length).toBeLessThanOrEqual(paid.length);
    // The busy process made no run of its own.
    expect(listRuns(cwd, env).map((run) => run.id)).toEqual([winnerId]);
  }, 240_000);

  it("a second Ctrl-C quits at once and records the run as interrupted", async () => {
    const { cwd, env } = setup("litink-lease-ctrl-c-");
    const stopped = await signalAfter(ARGS, { cwd, env }, 2, ["SIGINT", "SIGINT"]);
    expect(stopped.code, stopped.stderr).toBe(75);
    const runId = String(ofType(stopped, "run-start")[0]?.runId);
    // The row itself, not only what `litink runs` derives from a dead pid.
    const db = new Database(join(env.LITINK_HOME, "litink.db"), { readonly: true });
    try {
      expect(db.prepare("SELECT status, exit_code FROM runs WHERE id = ?").get(runId)).toEqual({
        status: "interrupted",
        exit_code: 75,
      });
      expect(db.prepare("SELECT COUNT(*) AS n FROM folder_leases").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 240_000);

  it("resume refuses a run whose book changed (64) and leaves the run resumable", async () => {
    const { cwd, env } = setup("litink-lease-edited-");
    const runId = await killedRun(cwd, env, 2);
    const book = join(cwd, "alice.md");
    writeFileSync(book, readFileSync(book, "utf8").replace("Alice", "Alicia"));
    const refused = runCli(["resume", runId, "--json"], { cwd, env });
    expect(refused.code, refused.stderr).toBe(64);
    expect(refused.events.at(-1)).toMatchObject({ type: "error", name: "RunBookChanged" });
    expect(String((refused.events.at(-1) as Event).hint)).toContain("litink generate");
    expect(ofType(refused, "task-start")).toEqual([]);
    expect(listRuns(cwd, env)[0]).toMatchObject({ id: runId, status: "interrupted" });
  }, 240_000);
});

describe("the budget covers a whole batch", () => {
  it("two books whose sum exceeds --budget stop with 75 before the first paid call", async () => {
    const { cwd, env } = setup("litink-batch-budget-", ["alice.md", "looking-glass.md"]);
    const estimate = runCli(
      ["estimate", "alice.md", "--chapters", "1", "--quality", "draft", "--json"],
      { cwd, env },
    );
    const one = Number((estimate.events.at(-1) as Event).estimatedUsd);
    expect(one).toBeGreaterThan(0);
    // Each book fits alone; together they do not.
    const budget = (one * 1.5).toFixed(4);
    const before = submissions();
    const run = await runCliAsync(
      [...ARGS.slice(0, 2), "looking-glass.md", ...ARGS.slice(2), "--budget", budget],
      { cwd, env },
    );
    expect(run.code, run.stderr).toBe(75);
    expect(submissions()).toBe(before);
    const result = run.events.at(-1) as unknown as {
      books: Array<{ status: string; exitCode: number; spentUsd: number; runId: string }>;
    };
    expect(result.books.map((book) => [book.status, book.exitCode, book.spentUsd])).toEqual([
      ["budget", 75, 0],
      ["budget", 75, 0],
    ]);
    const warnings = ofType(run, "warning").filter((event) =>
      String(event.message).includes("for all 2 books"),
    );
    expect(warnings).toHaveLength(1);
    // Per-book scopes stay: each run can be resumed with its own budget.
    expect(ofType(run, "run-end").map((event) => event.resume)).toEqual(
      result.books.map((book) => `litink resume ${book.runId}`),
    );
  }, 240_000);
});

/**
 * Runs the CLI and sends `signals` (one after another, 50 ms apart) once `count` media tasks
 * have ended.
 */
function signalAfter(
  args: string[],
  options: { cwd: string; env: Record<string, string> },
  count: number,
  signals: NodeJS.Signals[],
): Promise<CliRun> {
  const cli = spawnCli(args, options);
  let sent = false;
  cli.child.stdout?.on("data", () => {
    const ended = cli
      .events()
      .filter((event) => event.type === "task-end" && MEDIA.test(String(event.kind)));
    if (sent || ended.length < count) return;
    sent = true;
    signals.forEach((signal, index) => {
      setTimeout(() => cli.child.kill(signal), index * 50);
    });
  });
  return cli.finished;
}
