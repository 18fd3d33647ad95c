import { createHash } from "node:crypto";
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../providers/support/temp-store.js";
import { type CliRun, repoRoot, runCliAsync, tempDir } from "../support/cli.js";
import { type SpawnedCli, spawnCli } from "../support/cli-spawn.js";
import {
  type PaidEmulators,
  type PaidProvider,
  paidRequests,
  startPaidEmulators,
} from "../support/paid-env.js";

/**
 * `litink generate` on the paid `basic` tier, killed with SIGKILL at seeded random points —
 * while a text call (bible, adapt) is on the wire, while lines are being spoken, and at a
 * random moment followed by a second kill during the resume — then resumed until it
 * finishes. Each time, the outputs must be byte-identical to a clean reference run (its own
 * LITINK_HOME and emulators), and no paid call that had completed may be made again: per
 * provider, the requests are the reference run's, and the only repeats are calls that were
 * in flight when the process died. Replay a failure with LITINK_TEST_SEED=<seed>.
 */
const ALICE = join(repoRoot, "examples/alice-in-wonderland.md");
const ARGS = ["generate", "alice.md", "--tier", "basic", "--chapters", "1", "--quality", "draft"];
const FLAGS = ["--budget", "100", "--json"];
const PROVIDERS: PaidProvider[] = ["openrouter", "modelslab", "elevenlabs"];
/** Which provider a task of each kind pays on the basic tier. */
const PROVIDER_OF_KIND: Record<string, PaidProvider> = {
  bible: "openrouter",
  adapt: "openrouter",
  image: "modelslab",
  portrait: "modelslab",
  clip: "modelslab",
  speech: "elevenlabs",
};
/** Held answers give the kills something in flight to land on. */
const LATENCY = { openrouter: 600, modelslab: 150, elevenlabs: 200 };

const SEED = Number(process.env.LITINK_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
process.stderr.write(`generate-kill: seed ${SEED} (replay with LITINK_TEST_SEED=${SEED})\n`);

interface KillPlan {
  name: string;
  /** Resolves when the first process should be killed. */
  firstKill: (emulators: PaidEmulators, random: () => number, cli: SpawnedCli) => Promise<void>;
  /** When set, the first resume is killed too, when this resolves. */
  resumeKill?: (random: () => number, cli: SpawnedCli) => Promise<void>;
}

const PLANS: KillPlan[] = [
  {
    name: "during a text call (bible or adapt)",
    firstKill: async (emulators, random) => {
      await emulators.arrival("openrouter", "/chat/completions", 1 + Math.floor(random() * 2));
      await sleep(random() * (LATENCY.openrouter - 100));
    },
  },
  {
    name: "while lines are being spoken",
    firstKill: async (emulators, random) => {
      await emulators.arrival("elevenlabs", "/text-to-speech/", 1 + Math.floor(random() * 12));
      await sleep(random() * LATENCY.elevenlabs);
    },
  },
  {
    // Points in the run's progress rather than in wall time, which varies with the load.
    name: "at a random point, then again during the resume",
    firstKill: async (_emulators, random, cli) => {
      await taskEnds(cli, 3 + Math.floor(random() * 40));
      await sleep(random() * 300);
    },
    resumeKill: async (random, cli) => {
      await taskEnds(cli, 1 + Math.floor(random() * 30));
      await sleep(random() * 300);
    },
  },
];

interface Outputs {
  files: Record<string, string>;
  paid: Record<PaidProvider, string[]>;
}

describe("litink generate on a paid tier, killed with SIGKILL at random points", () => {
  let reference: Outputs;
  let emulators: PaidEmulators;

  beforeAll(async () => {
    const clean = await startPaidEmulators();
    try {
      const { cwd, env } = workspace("litink-kill-reference-", clean);
      const run = await runCliAsync([...ARGS, ...FLAGS], { cwd, env });
      expect(run.code, run.stderr).toBe(0);
      reference = {
        files: outputHashes(join(cwd, "out", "alice")),
        paid: paidOf(clean, emptyMarks()),
      };
    } finally {
      await clean.close();
    }
    emulators = await startPaidEmulators({ latencyMs: LATENCY });
  }, 240_000);
  afterAll(async () => {
    await emulators?.close();
  });

  it("the reference run made media, a script and a bible, paying every provider", () => {
    const names = Object.keys(reference.files);
    expect(names).toContain("bible.json");
    expect(names.some((name) => name.startsWith("script/"))).toBe(true);
    expect(names.filter((name) => name.startsWith("media/")).length).toBeGreaterThan(10);
    for (const provider of PROVIDERS) expect(reference.paid[provider].length).toBeGreaterThan(0);
  });

  PLANS.forEach((plan, index) => {
    it(`killed ${plan.name}: resumes to the reference outputs, repeating only calls in flight`, async () => {
      const random = seededRandom(SEED + index);
      const marks = emptyMarks();
      for (const provider of PROVIDERS) marks[provider] = emulators[provider].requests.length;
      const { cwd, env } = workspace(`litink-kill-${index}-`, emulators);
      const inFlight: Record<PaidProvider, number> = { openrouter: 0, modelslab: 0, elevenlabs: 0 };
      const log: string[] = [];

      const cli = spawnCli([...ARGS, ...FLAGS], { cwd, env });
      // What the providers were still answering when the process died, for the log.
      const onTheWire = () =>
        log.push(`answers on the wire at the kill: ${JSON.stringify(emulators.pending())}`);
      const first = await killedWhen(cli, plan.firstKill(emulators, random, cli), onTheWire);
      expect(first.killed, `the run ended before the kill:\n${first.run.stderr}`).toBe(true);
      addInFlight(inFlight, first.run);
      log.push(describeRun("generate", first));
      let runId = first.run.events.find((event) => event.type === "run-start")?.runId;
      let last = first.run;
      for (let attempt = 0; last.code !== 0; attempt++) {
        expect(attempt, `not finished after ${attempt} resumes:\n${log.join("\n")}`).toBeLessThan(
          4,
        );
        // Killed before the run was recorded: running the same generate again continues.
        const args = runId ? ["resume", String(runId), "--json"] : [...ARGS, ...FLAGS];
        const resume = spawnCli(args, { cwd, env });
        const next =
          attempt === 0 && plan.resumeKill
            ? await killedWhen(resume, plan.resumeKill(random, resume), onTheWire)
            : { run: await resume.finished, killed: false };
        if (attempt === 0 && plan.resumeKill)
          expect(next.killed, "the resume ended first").toBe(true);
        addInFlight(inFlight, next.run);
        log.push(describeRun(args[0] ?? "", next));
        runId ??= next.run.events.find((event) => event.type === "run-start")?.runId;
        last = next.run;
        if (!next.killed) expect(last.code, `${log.join("\n")}\n${last.stderr}`).toBe(0);
      }
      expect(last.events.find((event) => event.type === "run-end")).toMatchObject({
        status: "done",
        exitCode: 0,
      });

      const paid = paidOf(emulators, marks);
      for (const provider of PROVIDERS) {
        const distinct = [...new Set(paid[provider])].sort();
        log.push(
          `${provider}: ${paid[provider].length} paid requests, ${distinct.length} distinct (reference ${reference.paid[provider].length}), ${inFlight[provider]} in flight at the kills`,
        );
      }
      process.stderr.write(`generate-kill seed ${SEED}, ${plan.name}:\n  ${log.join("\n  ")}\n`);

      // The same outputs as the clean run, byte for byte.
      expect(outputHashes(join(cwd, "out", "alice"))).toEqual(reference.files);
      for (const provider of PROVIDERS) {
        // Every call the clean run made, and no other…
        expect([...new Set(paid[provider])].sort(), provider).toEqual(
          [...new Set(reference.paid[provider])].sort(),
        );
        // …and a call is repeated only if it was in flight when the process died.
        expect(
          paid[provider].length,
          `${provider}: repeated a completed paid call`,
        ).toBeLessThanOrEqual(new Set(paid[provider]).size + inFlight[provider]);
      }
    }, 240_000);
  });
});

/** Kills `spawned` with SIGKILL when `moment` resolves, unless it has exited by then. */
async function killedWhen(
  spawned: SpawnedCli,
  moment: Promise<void>,
  beforeKill: () => void,
): Promise<{ run: CliRun; killed: boolean }> {
  let exited = false;
  const finished = spawned.finished.then((run) => {
    exited = true;
    return run;
  });
  await Promise.race([moment, finished]);
  if (!exited) beforeKill();
  const killed = !exited && spawned.child.kill("SIGKILL");
  return { run: await finished, killed };
}

/** Paid tasks started and not ended when the process died: their calls may be repeated. */
function addInFlight(inFlight: Record<PaidProvider, number>, run: CliRun): void {
  const open = new Map<string, string>();
  for (const event of run.events) {
    if (event.type === "task-start") open.set(String(event.task), String(event.kind));
    if (event.type === "task-end") open.delete(String(event.task));
  }
  for (const kind of open.values()) {
    const provider = PROVIDER_OF_KIND[kind];
    if (provider) inFlight[provider]++;
  }
}

function describeRun(command: string, { run, killed }: { run: CliRun; killed: boolean }) {
  const ends = run.events.filter((event) => event.type === "task-end");
  const done = ends.filter((event) => event.status === "done").length;
  const starts = run.events.filter((event) => event.type === "task-start").length;
  const state = killed ? "killed" : `exit ${run.code}`;
  const times = run.events.map((event) => Date.parse(String(event.ts)));
  const seconds =
    times.length > 1 ? ((Math.max(...times) - Math.min(...times)) / 1000).toFixed(1) : "0";
  return `${command}: ${state} at ${seconds} s, ${done} tasks done, ${ends.length} ended, ${starts - ends.length} in flight`;
}

function workspace(prefix: string, emulators: PaidEmulators) {
  const cwd = tempDir(prefix);
  copyFileSync(ALICE, join(cwd, "alice.md"));
  return { cwd, env: { LITINK_HOME: join(cwd, "home"), ...emulators.env } };
}

function emptyMarks(): Record<PaidProvider, number> {
  return { openrouter: 0, modelslab: 0, elevenlabs: 0 };
}

function paidOf(emulators: PaidEmulators, marks: Record<PaidProvider, number>) {
  const paid = {} as Record<PaidProvider, string[]>;
  for (const provider of PROVIDERS)
    paid[provider] = paidRequests(provider, emulators[provider].requests.slice(marks[provider]));
  return paid;
}

/** sha256 of bible.json and of every file under media/ and script/, by relative path. */
function outputHashes(folder: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
      return;
    }
    hashes[relative(folder, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
  };
  for (const name of ["bible.json", "media", "script"]) visit(join(folder, name));
  return hashes;
}

/** Resolves once the process has reported `count` task ends (never, if it ends first). */
function taskEnds(cli: SpawnedCli, count: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (cli.events().filter((event) => event.type === "task-end").length >= count) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    timer.unref();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
