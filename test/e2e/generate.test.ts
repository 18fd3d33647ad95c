import { spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MODELSLAB_TEST_KEY,
  type ModelsLabEmulator,
  startModelsLabEmulator,
} from "../emulators/modelslab.js";
import { type CliRun, repoRoot, runCli, runCliAsync, tempDir } from "../support/cli.js";
import { paidRequests } from "../support/paid-env.js";

const ALICE = join(repoRoot, "examples/alice-in-wonderland.md");
const ARGS = [
  "generate",
  "alice.md",
  "--chapters",
  "1",
  "--quality",
  "draft",
  "--offline",
  "--json",
];
const MEDIA_KINDS = new Set(["portrait", "image", "speech", "clip"]);

type Event = Record<string, unknown> & { type: string };
const ofType = (run: CliRun, type: string) =>
  run.events.filter((event) => event.type === type) as Event[];

describe("litink generate (offline)", () => {
  const cwd = tempDir("litink-generate-");
  const env = { LITINK_HOME: join(cwd, "home") };
  const folder = join(cwd, "out", "alice");
  let first: CliRun;
  let second: CliRun;

  beforeAll(async () => {
    copyFileSync(ALICE, join(cwd, "alice.md"));
    first = await runCliAsync(ARGS, { cwd, env });
    second = await runCliAsync(ARGS, { cwd, env });
  }, 240_000);

  it("exits 0 and writes bible.json, script/, media/ and report.json, which run-end lists", () => {
    expect(first.code, first.stderr).toBe(0);
    const [end] = ofType(first, "run-end");
    expect(end).toMatchObject({ status: "done", exitCode: 0 });
    const outputs = end?.outputs as string[];
    for (const name of ["bible.json", "script", "media", "report.json"]) {
      expect(existsSync(join(folder, name)), name).toBe(true);
      expect(outputs).toContain(join(folder, name));
    }
    expect(readdirSync(join(folder, "script")).some((name) => name.startsWith("chapter-"))).toBe(
      true,
    );
    expect(readdirSync(join(folder, "media")).length).toBeGreaterThan(0);
    const report = JSON.parse(readFileSync(join(folder, "report.json"), "utf8")) as Record<
      string,
      unknown
    >;
    // The second run (in beforeAll) wrote the report last: all its media came from the cache.
    const latest = ofType(second, "run-end")[0];
    expect(report).toMatchObject({ runId: latest?.runId, status: "done", tier: "local", calls: 0 });
    expect((report.tasks as { cached: number }).cached).toBe(latest?.cached);
    expect(first.events.at(-1)).toMatchObject({ type: "result", command: "generate", exitCode: 0 });
  });

  it("reports every task's start and end, and media tasks ran on the first run", () => {
    const ends = ofType(first, "task-end");
    expect(ofType(first, "task-start")).toHaveLength(ends.length);
    const media = ends.filter((event) => MEDIA_KINDS.has(String(event.kind)));
    expect(media.length).toBeGreaterThan(0);
    // Two tasks with one key (a line spoken twice: "poison," … "poison,") make one file: the
    // later one is a cache hit when the first has finished by then (timing decides). So a
    // first-run cache hit must have a twin of its kind that was made, with the same bytes.
    const fileOf = (event: Event) => {
      const id = String(event.task).slice(String(event.task).indexOf(":") + 1);
      const name = readdirSync(join(folder, "media")).find((each) => each.startsWith(`${id}.`));
      return name === undefined ? "" : readFileSync(join(folder, "media", name)).toString("base64");
    };
    const made = media.filter((event) => event.status === "done");
    for (const hit of media.filter((event) => event.status !== "done")) {
      expect(hit.status, String(hit.task)).toBe("cached");
      const twins = made.filter((each) => each.kind === hit.kind && fileOf(each) === fileOf(hit));
      expect(twins.length, `${String(hit.task)} has a twin that was made`).toBeGreaterThan(0);
    }
    expect(made.length).toBeGreaterThan(media.length / 2);
  });

  it("a second run finds every media task and the chapter's render in the cache", () => {
    expect(second.code, second.stderr).toBe(0);
    const cachedKinds = new Set([...MEDIA_KINDS, "render"]);
    const media = ofType(second, "task-end").filter((event) => cachedKinds.has(String(event.kind)));
    expect(media.length).toBe(
      ofType(first, "task-end").filter((event) => cachedKinds.has(String(event.kind))).length,
    );
    expect(media.filter((event) => event.kind === "render")).toHaveLength(1);
    expect(media.filter((event) => event.status !== "cached")).toEqual([]);
    const [end] = ofType(second, "run-end");
    expect(end).toMatchObject({ status: "done", calls: 0, cached: media.length });
    expect(end?.runId).not.toBe(ofType(first, "run-end")[0]?.runId);
  });

  it("litink runs --json lists both runs", () => {
    const runs = runCli(["runs", "--json"], { cwd, env });
    expect(runs.code, runs.stderr).toBe(0);
    const listed = (
      runs.events.at(-1) as unknown as {
        runs: Array<{ id: string; status: string; tasksDone: number; tasksTotal: number }>;
      }
    ).runs;
    const ids = [first, second].map((run) => ofType(run, "run-end")[0]?.runId);
    expect(listed.map((run) => run.id).sort()).toEqual([...ids].sort());
    for (const run of listed) {
      expect(run.status).toBe("done");
      expect(run.tasksDone).toBe(run.tasksTotal);
    }
  });

  it("editing one paragraph redoes only that scene's tasks and says why", async () => {
    const book = join(cwd, "alice.md");
    const text = readFileSync(book, "utf8");
    const screenplayPath = join(folder, "script", "chapter-01.json");
    const sceneHashes = () =>
      new Map(
        (
          JSON.parse(readFileSync(screenplayPath, "utf8")) as {
            scenes: Array<{ id: string; sourceHash: string }>;
          }
        ).scenes.map((scene) => [scene.id, scene.sourceHash]),
      );
    const before = sceneHashes();
    expect(before.size, "chapter 1 should have several scenes").toBeGreaterThan(2);
    const paragraph = "Alice was not a bit hurt, and she jumped up";
    expect(text).toContain(paragraph);
    writeFileSync(book, text.replace(paragraph, "Alice was not hurt at all, and she jumped up"));
    const edited = await runCliAsync(ARGS, { cwd, env });
    expect(edited.code, edited.stderr).toBe(0);
    const after = sceneHashes();
    // The writer: the same scenes, and only the one holding the paragraph has new source.
    expect([...after.keys()]).toEqual([...before.keys()]);
    const changed = [...after].filter(([id, hash]) => before.get(id) !== hash).map(([id]) => id);
    expect(changed).toHaveLength(1);
    // The runner: only that scene's media are made again; every other scene's come from the cache.
    const media = ofType(edited, "task-end").filter((event) => MEDIA_KINDS.has(String(event.kind)));
    const sceneOf = (event: Event) => /ch\d+-sc\d+/.exec(String(event.task))?.[0] ?? "";
    const redone = media.filter((event) => event.status === "done");
    process.stderr.write(
      `one edited paragraph: ${redone.length} of ${media.length} media tasks redone, in ${changed[0]}\n`,
    );
    expect(redone.length).toBeGreaterThan(0);
    expect([...new Set(redone.map(sceneOf))]).toEqual(changed);
    const elsewhere = media.filter((event) => sceneOf(event) !== changed[0]);
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(elsewhere.every((event) => event.status === "cached")).toBe(true);
    // The report says why each redone task ran.
    const report = JSON.parse(readFileSync(join(folder, "report.json"), "utf8")) as {
      reruns: Array<{ task: string; reason: string }>;
    };
    expect(report.reruns.some((rerun) => rerun.reason.startsWith("changed: "))).toBe(true);
  }, 240_000);
});

describe("litink generate, a batch with a broken file", () => {
  it("finishes the good books, names the broken one, and exits with its code", async () => {
    const cwd = tempDir("litink-batch-");
    const env = { LITINK_HOME: join(cwd, "home") };
    copyFileSync(ALICE, join(cwd, "alice.md"));
    mkdirSync(join(cwd, "copy"));
    copyFileSync(ALICE, join(cwd, "copy", "alice.md"));
    // A zip signature, then garbage: an EPUB that cannot be opened (65).
    writeFileSync(join(cwd, "broken.epub"), "PK\u0003\u0004 truncated archive");
    const books = ["alice.md", "broken.epub", "copy/alice.md"];
    const run = await runCliAsync(
      ["generate", ...books, "--chapters", "1", "--quality", "draft", "--offline", "--json"],
      { cwd, env },
    );
    const result = run.events.at(-1) as unknown as {
      books: Array<{
        input: string;
        status: string;
        exitCode: number;
        runId: string;
        outputs: string[];
      }>;
    };
    expect(result.books.map((book) => [book.input.slice(cwd.length + 1), book.status])).toEqual([
      ["alice.md", "done"],
      ["broken.epub", "failed"],
      ["copy/alice.md", "done"],
    ]);
    const broken = result.books[1];
    expect(broken?.exitCode).toBe(65);
    expect(run.code).toBe(65);
    // Same basename in one batch: the second gets a -2 folder (DESIGN.md §1).
    expect(existsSync(join(cwd, "out", "alice", "report.json"))).toBe(true);
    expect(existsSync(join(cwd, "out", "alice-2", "report.json"))).toBe(true);
    expect(result.books[2]?.outputs).toContain(join(cwd, "out", "alice-2", "media"));
  }, 240_000);
});

describe("litink generate, interrupted", () => {
  it("SIGINT stops with 75 and prints the resume command; resume finishes the run", async () => {
    const cwd = tempDir("litink-interrupt-");
    const env = { LITINK_HOME: join(cwd, "home") };
    copyFileSync(ALICE, join(cwd, "alice.md"));
    const interrupted = await signalAfter(ARGS, { cwd, env }, 5);
    expect(interrupted.code, interrupted.stderr).toBe(75);
    const [end] = ofType(interrupted, "run-end");
    expect(end).toMatchObject({ status: "interrupted", exitCode: 75 });
    const runId = String(end?.runId);
    expect(end?.resume).toBe(`litink resume ${runId}`);
    const resumed = await runCliAsync(["resume", runId, "--json"], { cwd, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(ofType(resumed, "run-end")[0]).toMatchObject({ status: "done", runId });
    const runs = runCli(["runs", "--json"], { cwd, env });
    const listed = (
      runs.events.at(-1) as unknown as { runs: Array<{ id: string; status: string }> }
    ).runs;
    expect(listed).toEqual([expect.objectContaining({ id: runId, status: "done" })]);
  }, 240_000);
});

describe("litink generate against the ModelsLab emulator", () => {
  // The offline writer (many shots) with images from ModelsLab: paid tasks to count.
  const CONFIG = { tiers: { local: { image: ["modelslab:seedream-t2i", "local:storyboard"] } } };
  let modelslab: ModelsLabEmulator;
  beforeAll(async () => {
    modelslab = await startModelsLabEmulator({ processingPolls: 1 });
  });
  afterAll(async () => {
    await modelslab.close();
  });

  const setup = (prefix: string) => {
    const cwd = tempDir(prefix);
    copyFileSync(ALICE, join(cwd, "alice.md"));
    writeFileSync(join(cwd, "litink.config.json"), JSON.stringify(CONFIG));
    const env = {
      LITINK_HOME: join(cwd, "home"),
      MODELSLAB_API_KEY: MODELSLAB_TEST_KEY,
      MODELSLAB_BASE_URL: modelslab.url,
    };
    return { cwd, env };
  };
  const submissions = () =>
    modelslab.count("/v7/images/text-to-image") + modelslab.count("/v7/images/image-to-image");
  const imageTasks = (run: CliRun) =>
    ofType(run, "task-end").filter((event) => event.kind === "image" || event.kind === "portrait");

  it("a budget stop exits 75 before paying; a resume with a higher budget completes", async () => {
    const { cwd, env } = setup("litink-budget-");
    const before = submissions();
    const requestsBefore = modelslab.requests.length;
    const stopped = await runCliAsync([...ARGS, "--budget", "0.05"], { cwd, env });
    expect(stopped.code, stopped.stderr).toBe(75);
    const [end] = ofType(stopped, "run-end");
    expect(end).toMatchObject({ status: "budget", exitCode: 75, spentUsd: 0 });
    expect(submissions()).toBe(before);
    const resumed = await runCliAsync(["resume", String(end?.runId), "--budget", "5", "--json"], {
      cwd,
      env,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(ofType(resumed, "run-end")[0]).toMatchObject({ status: "done", runId: end?.runId });
    const paid = imageTasks(resumed).filter(
      (event) => event.provider === "modelslab" && event.status === "done",
    );
    expect(paid.length).toBeGreaterThan(0);
    // Shots with one prompt share one key (and one job): count what was asked, not tasks.
    const asked = paidRequests("modelslab", modelslab.requests.slice(requestsBefore));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.length).toBe(new Set(asked).size);
    expect(asked.length).toBeLessThanOrEqual(paid.length);
  }, 240_000);

  it("a run killed with SIGKILL and resumed repeats no completed paid call", async () => {
    const { cwd, env } = setup("litink-kill-");
    const before = submissions();
    const requestsBefore = modelslab.requests.length;
    const killed = await signalAfter(
      [...ARGS, "--budget", "5"],
      { cwd, env },
      6,
      "SIGKILL",
      /"kind":"(image|portrait)","[^}]*"status":"done"/,
    );
    expect(killed.code).toBeNull();
    const runId = String(ofType(killed, "run-start")[0]?.runId);
    const paidBefore = imageTasks(killed).filter((event) => event.status === "done").length;
    expect(paidBefore).toBeGreaterThan(0);
    const runs = runCli(["runs", "--json"], { cwd, env });
    const listed = (
      runs.events.at(-1) as unknown as { runs: Array<{ id: string; status: string }> }
    ).runs;
    // The killed process is gone, so its run shows as resumable, not `running` for good.
    expect(listed[0]).toMatchObject({
      id: runId,
      status: "interrupted",
      resume: `litink resume ${runId}`,
    });

    const resumed = await runCliAsync(["resume", runId, "--json"], { cwd, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    const images = imageTasks(resumed);
    // Every image finished before the kill is a cache hit now; the rest were paid once.
    expect(images.filter((event) => event.status === "cached").length).toBeGreaterThanOrEqual(
      paidBefore,
    );
    // Each image was paid once, except that a job whose submission was on the wire when the
    // process died (accepted, its handle not yet saved) may be submitted again: at most the
    // calls in flight. Jobs whose handle was saved are polled again, never re-submitted.
    // Shots with one prompt share one key, so distinct requests, not tasks, are the unit.
    const submitted = submissions() - before;
    const asked = paidRequests("modelslab", modelslab.requests.slice(requestsBefore));
    const distinct = new Set(asked).size;
    const inFlight = inFlightAtKill(killed);
    process.stderr.write(
      `SIGKILL resume: ${paidBefore} images before the kill, ${inFlight} in flight, ${images.length} in all, ${distinct} distinct requests, ${submitted} submissions\n`,
    );
    expect(submitted).toBe(asked.length);
    expect(distinct).toBeGreaterThan(0);
    expect(distinct).toBeLessThanOrEqual(images.length);
    expect(submitted).toBeLessThanOrEqual(distinct + inFlight);
    // The same outputs as a clean run of the same book: one file per image task.
    const media = readdirSync(join(cwd, "out", "alice", "media"));
    expect(media.filter((name) => name.endsWith(".png")).length).toBe(images.length);
  }, 240_000);
});

/** Image tasks started but not ended when the process died: their jobs were submitted once. */
function inFlightAtKill(run: CliRun): number {
  const started = new Set(
    ofType(run, "task-start")
      .filter((event) => event.kind === "image" || event.kind === "portrait")
      .map((event) => String(event.task)),
  );
  for (const event of ofType(run, "task-end")) started.delete(String(event.task));
  return started.size;
}

/**
 * Runs the CLI and sends `signal` once `count` media tasks have ended (or never, with
 * count Infinity). `env` is used as given (no clean-up), for emulator URLs and keys.
 */
function signalAfter(
  args: string[],
  options: { cwd: string; env: Record<string, string> },
  count: number,
  signal: NodeJS.Signals = "SIGINT",
  kinds = /"kind":"(image|speech|clip|portrait)"/,
) {
  return new Promise<CliRun>((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, "bin/litink.js"), ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", HOME: options.cwd, NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let sent = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const ended = stdout
        .split("\n")
        .filter((line) => line.includes('"task-end"') && kinds.test(line));
      if (!sent && ended.length >= count) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const events = stdout
        .split("\n")
        .filter((line) => line.trim().startsWith("{"))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as CliRun["events"][number]];
          } catch {
            return []; // a line cut short by SIGKILL
          }
        });
      resolve({ code, stdout, stderr, events });
    });
  });
}
