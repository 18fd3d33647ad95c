import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { type GenerateResult, generate } from "../../src/pipeline/generate.js";
import { openStore } from "../../src/store/db.js";
import { repoRoot, tempDir } from "../support/cli.js";
import { type PaidEmulators, paidRequests, startPaidEmulators } from "../support/paid-env.js";

/**
 * DESIGN.md §2: when a run's estimate exceeds its budget, a TTY asks before going over. A
 * "no" stops before the first paid call; a "yes" must let the run finish, so the run's limit
 * becomes the estimate (the reservations would otherwise stop it at the old budget).
 */
const CONFIG = { tiers: { basic: { image: ["local:storyboard"], video: ["local:ken-burns"] } } };

let emulators: PaidEmulators;
beforeAll(async () => {
  emulators = await startPaidEmulators();
});
afterAll(async () => {
  await emulators?.close();
});

async function generateWith(answer: boolean) {
  const cwd = tempDir("litink-confirm-");
  copyFileSync(join(repoRoot, "examples/alice-in-wonderland.md"), join(cwd, "alice.md"));
  const env = { ...process.env, LITINK_HOME: join(cwd, "home"), ...emulators.env };
  writeFileSync(join(cwd, "litink.config.json"), JSON.stringify(CONFIG));
  const loaded = await loadConfig({ cwd, env });
  const asked: number[] = [];
  const result: GenerateResult = await generate({
    files: [join(cwd, "alice.md")],
    options: {
      ...{ tier: "basic", chapters: [1], aspect: "16:9", quality: "draft" },
      ...{ out: join(cwd, "out"), budgetUsd: 0.0001 },
    },
    loaded,
    env,
    events: { emit: () => {} },
    confirmOverBudget: async (estimateUsd) => {
      asked.push(estimateUsd);
      return answer;
    },
  });
  return { result, asked, home: loaded.home };
}

describe("going over the budget on a TTY", () => {
  it("a no stops before any paid call", async () => {
    const before = paidRequests("openrouter", emulators.openrouter.requests).length;
    const { result, asked } = await generateWith(false);
    expect(asked).toHaveLength(1);
    expect(result.exitCode).toBe(75);
    expect(result.books[0]).toMatchObject({ status: "budget", spentUsd: 0 });
    expect(paidRequests("openrouter", emulators.openrouter.requests).length).toBe(before);
  }, 120_000);

  it("a yes raises the run's limit to the estimate, and the run finishes", async () => {
    const { result, asked, home } = await generateWith(true);
    expect(result.exitCode, JSON.stringify(result.books[0]?.error)).toBe(0);
    const estimateUsd = asked[0] as number;
    expect(estimateUsd).toBeGreaterThan(0.0001);
    const db = await openStore(home);
    try {
      const runId = result.books[0]?.runId as string;
      const limit = db.prepare("SELECT limit_usd AS usd FROM budgets WHERE scope = ?").get(runId);
      expect(limit).toEqual({ usd: estimateUsd });
      const run = db.prepare("SELECT budget_usd AS usd FROM runs WHERE id = ?").get(runId);
      expect(run).toEqual({ usd: estimateUsd });
    } finally {
      db.close();
    }
  }, 240_000);
});
