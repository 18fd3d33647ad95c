import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CallLog,
  type FailureSpec,
  fakeText,
} from "../../../test/providers/support/fake-models.js";
import {
  seededRandom,
  type TempStore,
  tempStore,
} from "../../../test/providers/support/temp-store.js";
import type { Price } from "../../config/defaults.js";
import { budgetState, openBudget } from "../../ledger/budget.js";
import { isBudgetExceeded } from "../../ledger/budget-error.js";
import { estimateUsage } from "../../ledger/estimate.js";
import { priceOf } from "../../ledger/pricing.js";
import { usageRows } from "../../ledger/usage.js";
import type { Db } from "../../store/db.js";
import type { Usage } from "../spec/index.js";
import { resilientChain } from "./index.js";
import { withMetering } from "./metering.js";

let store: TempStore;
let other: Db;

beforeAll(async () => {
  store = await tempStore();
  other = await store.connect();
});
afterAll(() => store.close());

const FAULTS: FailureSpec[] = [
  { failure: "unavailable", status: 503 },
  { failure: "server", status: 500 },
  { failure: "rate-limit", status: 429, retryAfterMs: 2000 },
  { failure: "malformed" },
  { failure: "timeout" },
  { failure: "bad-request", status: 400 },
];

/**
 * One soak iteration: 8 workers, half on a second connection (another "process"), call a
 * two-model chain with random faults, random latency and random real costs (each at most its
 * estimate) until the budget refuses them.
 */
async function soak(
  seed: number,
  overrun = false,
): Promise<{ refused: number; succeeded: number; overruns: number; overLimit: boolean }> {
  const random = seededRandom(seed);
  const log = new CallLog();
  const refs = [`alpha:a${seed}`, `beta:b${seed}`];
  const prices: Record<string, Price> = {
    [refs[0]!]: { inputPerMTokens: 2, outputPerMTokens: 8 },
    [refs[1]!]: { inputPerMTokens: 3, outputPerMTokens: 12 },
  };
  const scope = `soak-${seed}`;
  const limitUsd = 0.02 + random() * 0.1;
  openBudget(store.db, scope, limitUsd);
  const request = {
    messages: [{ role: "user" as const, content: "Describe the harbour." }],
    maxOutputTokens: 1500,
  };

  const fakes = refs.map((ref) => {
    const fake = fakeText(ref, log);
    fake.control.chaos = () =>
      random() < 0.3 ? FAULTS[Math.floor(random() * FAULTS.length)] : undefined;
    // With `overrun`, a quarter of the calls answer up to twice the estimated output.
    fake.control.usageFor = () => ({
      inputTokens: Math.floor(random() * 10),
      outputTokens: Math.floor(random() * (overrun && random() < 0.25 ? 3000 : 1500)),
    });
    fake.control.latencyMs = Math.floor(random() * 4);
    return fake;
  });
  let overruns = 0;
  const warnings = {
    emit(type: string, fields: Record<string, unknown>) {
      if (type === "warning" && String(fields.message).includes("above its estimate")) overruns++;
    },
  };
  const stackOn = (db: Db) =>
    withMetering(
      resilientChain(fakes, {
        db,
        settings: { timeScale: 0.001, retry: { initialDelayMs: 1 }, breaker: { threshold: 3 } },
      }),
      { db, prices, budgetScope: scope, runId: scope, events: warnings },
    );
  const stacks = [stackOn(store.db), stackOn(other)];

  const workers = 8;
  let refused = 0;
  let succeeded = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      const model = stacks[worker % 2]!;
      for (let call = 0; call < 40; call++) {
        try {
          await model.doGenerate(request);
          succeeded++;
        } catch (error) {
          if (isBudgetExceeded(error)) {
            refused++;
            return;
          }
        }
      }
    }),
  );

  const state = budgetState(store.db, scope);
  const rows = usageRows(store.db, { runId: scope });
  // Each of the 8 concurrent calls admitted last can overrun its estimate once, no more.
  const estimate = estimateUsage("text", request);
  const reservedUsd = Math.max(...refs.map((ref) => priceOfRef(ref, estimate, prices)));
  const worstUsd = Math.max(
    ...refs.map((ref) => priceOfRef(ref, { inputTokens: 9, outputTokens: 2999 }, prices)),
  );
  const bound = overrun ? limitUsd + workers * (worstUsd - reservedUsd) : limitUsd;
  expect(state.spentUsd, `seed ${seed}`).toBeLessThanOrEqual(bound + 1e-9);
  expect(state.reservedUsd, `seed ${seed}`).toBe(0);
  expect(rows).toHaveLength(succeeded);
  expect(rows.reduce((sum, row) => sum + row.usd, 0)).toBeCloseTo(state.spentUsd, 9);
  return { refused, succeeded, overruns, overLimit: state.spentUsd > limitUsd + 1e-9 };
}

describe("budget under 8-way concurrency with random faults", () => {
  it("is never exceeded, over 50 seeded iterations and two connections", async () => {
    let refusedRuns = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const { refused } = await soak(seed);
      if (refused > 0) refusedRuns++;
    }
    // The soak means something only if the budget really was the limit most of the time.
    expect(refusedRuns).toBeGreaterThan(40);
    // …and if the faults really happened: retries, fallbacks, skips and whole-chain failures.
    const outcomes = Object.fromEntries(
      (
        store.db
          .prepare("SELECT outcome, COUNT(*) AS count FROM attempts GROUP BY outcome")
          .all() as Array<{
          outcome: string;
          count: number;
        }>
      ).map((row) => [row.outcome, row.count]),
    );
    expect(outcomes).toMatchObject({
      retry: expect.any(Number),
      fallback: expect.any(Number),
      failed: expect.any(Number),
      skipped: expect.any(Number),
    });
  });
});

describe("budget when real costs exceed their estimates", () => {
  /**
   * The guard admits a call only while spent + reserved + estimate ≤ limit. After the last
   * admission, at most one call per concurrent worker is in flight, and each can cost at
   * most its own excess over the estimate: so the overrun is bounded by workers × the
   * largest excess of one call, never more (every later reservation is refused).
   */
  it("bounds the overrun by one call's excess per concurrent call (20 seeds)", async () => {
    let overruns = 0;
    let refusedRuns = 0;
    let overLimitRuns = 0;
    for (let seed = 101; seed <= 120; seed++) {
      const result = await soak(seed, true);
      overruns += result.overruns;
      if (result.refused > 0) refusedRuns++;
      if (result.overLimit) overLimitRuns++;
    }
    expect(overruns).toBeGreaterThan(0);
    // The bound is tested only if some runs really did end above their limit.
    expect(overLimitRuns).toBeGreaterThan(0);
    expect(refusedRuns).toBeGreaterThan(15);
  });
});

function priceOfRef(ref: string, units: Usage, prices: Record<string, Price>): number {
  const [provider, modelId] = ref.split(":") as [string, string];
  return priceOf(provider, modelId, units, prices);
}
