import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, repoRoot, runCliAsync, tempDir } from "../support/cli.js";
import {
  type PaidEmulators,
  type PaidProvider,
  paidRequests,
  startPaidEmulators,
} from "../support/paid-env.js";

/**
 * `litink generate` on the paid `basic` tier against the three emulators (OpenRouter text,
 * ModelsLab image and video, ElevenLabs speech). Calls are counted from the emulators' own
 * request logs, never from litink's report. The kill-and-resume test is generate-kill.test.ts.
 */
const ALICE = join(repoRoot, "examples/alice-in-wonderland.md");
const BOOK = ["alice.md", "--tier", "basic", "--chapters", "1", "--quality", "draft", "--json"];
const PROVIDERS: PaidProvider[] = ["openrouter", "modelslab", "elevenlabs"];
const MEDIA_KINDS = new Set(["portrait", "image", "speech", "clip"]);

type Event = Record<string, unknown> & { type: string };
const ofType = (run: CliRun, type: string) =>
  run.events.filter((event) => event.type === type) as Event[];
const taskEnds = (run: CliRun, kind?: string) =>
  ofType(run, "task-end").filter((event) => kind === undefined || event.kind === kind);

function workspace(prefix: string, config?: unknown) {
  const cwd = tempDir(prefix);
  copyFileSync(ALICE, join(cwd, "alice.md"));
  if (config !== undefined) writeFileSync(join(cwd, "litink.config.json"), JSON.stringify(config));
  return { cwd, home: join(cwd, "home") };
}

describe("litink generate, a second run on a paid tier", () => {
  let emulators: PaidEmulators;
  let first: CliRun;
  let second: CliRun;
  const before: Record<string, number> = {};
  const between: Record<string, number> = {};

  beforeAll(async () => {
    emulators = await startPaidEmulators();
    const { cwd, home } = workspace("litink-paid-rerun-");
    const env = { LITINK_HOME: home, ...emulators.env };
    for (const provider of PROVIDERS) before[provider] = emulators[provider].requests.length;
    first = await runCliAsync(["generate", ...BOOK, "--budget", "100"], { cwd, env });
    for (const provider of PROVIDERS) between[provider] = emulators[provider].requests.length;
    second = await runCliAsync(["generate", ...BOOK, "--budget", "100"], { cwd, env });
  }, 240_000);
  afterAll(async () => {
    await emulators?.close();
  });

  it("the first run pays every provider", () => {
    expect(first.code, first.stderr).toBe(0);
    for (const provider of PROVIDERS) {
      const paid = paidRequests(provider, emulators[provider].requests.slice(before[provider]));
      expect(paid.length, provider).toBeGreaterThan(0);
    }
    expect(ofType(first, "run-end")[0]).toMatchObject({ status: "done" });
    expect(Number(ofType(first, "run-end")[0]?.calls)).toBeGreaterThan(0);
  });

  it("the second run makes no paid call, and its run-end says calls 0", () => {
    expect(second.code, second.stderr).toBe(0);
    for (const provider of PROVIDERS) {
      const paid = paidRequests(provider, emulators[provider].requests.slice(between[provider]));
      expect(paid, provider).toEqual([]);
    }
    expect(ofType(second, "run-end")[0]).toMatchObject({ status: "done", calls: 0, spentUsd: 0 });
    const media = taskEnds(second).filter((event) => MEDIA_KINDS.has(String(event.kind)));
    expect(media.length).toBe(
      taskEnds(first).filter((event) => MEDIA_KINDS.has(String(event.kind))).length,
    );
    expect(media.filter((event) => event.status !== "cached")).toEqual([]);
  });

  it("the second run sends no request at all to any provider", () => {
    for (const provider of PROVIDERS) {
      const sent = emulators[provider].requests
        .slice(between[provider])
        .map((request) => `${request.method} ${request.path}`);
      expect(sent, `requests ${provider} received during the second run`).toEqual([]);
    }
  });
});

describe("litink generate, a budget reached part-way on a paid tier", () => {
  // Text and speech are paid; stills and clips are made offline (free), so there is free work
  // that must go on after the budget stops the paid work.
  const CONFIG = {
    tiers: { basic: { image: ["local:storyboard"], video: ["local:ken-burns"] } },
  };
  const FREE_KINDS = new Set(["ingest", "index", "image", "portrait", "clip"]);
  let emulators: PaidEmulators;

  beforeAll(async () => {
    // ElevenLabs charges far more than the estimate (20 USD a line): the estimate passes the
    // budget, the first lines spoken exceed it, and every later paid call is refused.
    emulators = await startPaidEmulators({ characterCost: () => 400_000 });
  });
  afterAll(async () => {
    await emulators?.close();
  });

  it("exits 75 with paid work held and free work done; resume --budget completes paying nothing twice", async () => {
    const { cwd, home } = workspace("litink-paid-budget-", CONFIG);
    const env = { LITINK_HOME: home, ...emulators.env };
    const estimate = await runCliAsync(["estimate", ...BOOK], { cwd, env });
    expect(estimate.code, estimate.stderr).toBe(0);
    const estimatedUsd = Number(estimate.events.at(-1)?.estimatedUsd);
    expect(estimatedUsd).toBeGreaterThan(0);
    const budget = (estimatedUsd + 1).toFixed(2);

    const stopped = await runCliAsync(["generate", ...BOOK, "--budget", budget], { cwd, env });
    expect(stopped.code, stopped.stderr).toBe(75);
    const [end] = ofType(stopped, "run-end");
    const runId = String(end?.runId);
    expect(end).toMatchObject({ status: "budget", exitCode: 75, resume: `litink resume ${runId}` });
    // Not the pre-flight guard: the run started paying, then stopped part-way.
    expect(Number(end?.spentUsd)).toBeGreaterThan(Number(budget));
    const spoken = taskEnds(stopped, "speech").filter((event) => event.status === "done");
    const held = taskEnds(stopped).filter((event) => event.reason === "budget reached");
    process.stderr.write(
      `budget ${budget} (estimate ${estimatedUsd}): ${spoken.length} lines spoken, ${held.length} tasks held, ${end?.spentUsd} spent\n`,
    );
    expect(spoken.length).toBeGreaterThan(0);
    expect(held.filter((event) => event.kind === "speech").length).toBeGreaterThan(0);
    // The budget holds paid tasks only: every free task that started finished.
    const free = taskEnds(stopped).filter((event) => FREE_KINDS.has(String(event.kind)));
    expect(
      free
        .filter((event) => event.status !== "done")
        .map((event) => `${event.task}: ${event.reason}`),
    ).toEqual([]);

    const resumed = await runCliAsync(["resume", runId, "--budget", "1000", "--json"], {
      cwd,
      env,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(ofType(resumed, "run-end")[0]).toMatchObject({ status: "done", runId, exitCode: 0 });
    // The stills, which need no budget, were all made before the stop.
    const stills = taskEnds(resumed).filter((event) =>
      ["image", "portrait"].includes(String(event.kind)),
    );
    expect(stills.length).toBeGreaterThan(0);
    expect(stills.filter((event) => event.status !== "cached").map((event) => event.task)).toEqual(
      [],
    );
    // Lines spoken before the stop come from the cache; each line was paid for once.
    const lines = taskEnds(resumed, "speech");
    const spokenIds = new Set(spoken.map((event) => event.task));
    expect(lines.filter((event) => spokenIds.has(event.task) && event.status !== "cached")).toEqual(
      [],
    );
    for (const provider of PROVIDERS) {
      const all = paidRequests(provider, emulators[provider].requests);
      // Across the stopped run and the resume, no request was paid twice.
      expect(all.length, `${provider}: a paid request was repeated`).toBe(new Set(all).size);
    }
    expect(paidRequests("elevenlabs", emulators.elevenlabs.requests)).toHaveLength(lines.length);
    expect(paidRequests("modelslab", emulators.modelslab.requests)).toEqual([]);
  }, 240_000);
});
