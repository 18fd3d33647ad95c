import { describe, expect, it } from "vitest";
import { type CallLog, fakeText, fakeVideo } from "../../../test/providers/support/fake-models.js";
import {
  type EventLog,
  type TempStore,
  useMiddlewareState,
} from "../../../test/providers/support/temp-store.js";
import { defaultPrices } from "../../config/defaults.js";
import { budgetState, openBudget } from "../../ledger/budget.js";
import { isBudgetExceeded } from "../../ledger/budget-error.js";
import { estimateUsage } from "../../ledger/estimate.js";
import { priceOf } from "../../ledger/pricing.js";
import { usageRows } from "../../ledger/usage.js";
import type { JobStart } from "../spec/index.js";
import { resilientChain } from "./index.js";
import { withMetering } from "./metering.js";
import { wrapModel } from "./model-proxy.js";

let store: TempStore;
let log: CallLog;
let events: EventLog;

useMiddlewareState((fresh) => ({ store, log, events } = fresh));

const ask = {
  messages: [{ role: "user" as const, content: "Summarise chapter one." }],
  maxOutputTokens: 1000,
};
const fast = { timeScale: 0.001, retry: { initialDelayMs: 1 } };

describe("metering", () => {
  it("writes one ledger row with the model actually used and the fallback origin", async () => {
    const primary = fakeText("openrouter:openai/gpt-4o", log);
    const backup = fakeText("openrouter:anthropic/claude-3-haiku", log);
    primary.control.failAlways({ failure: "unavailable", status: 503 });
    backup.control.usage = { inputTokens: 1000, outputTokens: 500 };
    const chain = resilientChain([primary, backup], { db: store.db, events, settings: fast });
    const model = withMetering(chain, {
      db: store.db,
      events,
      prices: defaultPrices,
      runId: "run-1",
      taskId: "adapt-1",
      bookId: "book-1",
      tier: "premium",
    });
    await model.doGenerate(ask);

    const rows = usageRows(store.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      runId: "run-1",
      taskId: "adapt-1",
      bookId: "book-1",
      tier: "premium",
      modality: "text",
      provider: "openrouter",
      model: "anthropic/claude-3-haiku",
      fallbackFrom: "openrouter:openai/gpt-4o",
      costSource: "price-table",
      units: { inputTokens: 1000, outputTokens: 500 },
      cacheHit: false,
    });
    // Priced at the model that served the call: 1000 × 0.25/M + 500 × 1.25/M.
    expect(rows[0]!.usd).toBeCloseTo(0.000875, 9);
    expect(rows[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    const callIds = store.db.prepare("SELECT DISTINCT call_id AS id FROM attempts").all();
    expect(callIds).toEqual([{ id: rows[0]!.id }]);
  });

  it("prefers the provider's reported cost and bills local models as free", async () => {
    const paid = fakeText("openrouter:openai/gpt-4o", log);
    paid.control.usage = { inputTokens: 10, outputTokens: 10 };
    paid.control.providerCostUsd = 0.0123;
    await withMetering(paid, { db: store.db, prices: defaultPrices }).doGenerate(ask);
    await withMetering(fakeText("local:writer", log), {
      db: store.db,
      prices: defaultPrices,
    }).doGenerate(ask);
    const rows = usageRows(store.db);
    const reported = rows.find((row) => row.provider === "openrouter");
    const local = rows.find((row) => row.provider === "local");
    expect(reported).toMatchObject({ usd: 0.0123, costSource: "provider" });
    expect(local).toMatchObject({ usd: 0, costSource: "free", provider: "local" });
  });

  it("bills unreported usage from the estimate and says so", async () => {
    const paid = fakeText("openrouter:openai/gpt-4o", log);
    paid.control.usage = { inputTokens: 10 };
    await withMetering(paid, { db: store.db, events, prices: defaultPrices }).doGenerate(ask);
    const [row] = usageRows(store.db);
    expect(row!.units).toMatchObject({ outputTokens: 1000, estimatedFields: ["outputTokens"] });
    expect(row!.usd).toBeCloseTo((10 * 2.5 + 1000 * 10) / 1e6, 9);
    expect(events.ofType("warning")[0]?.message).toContain("reported no outputTokens");
  });

  it("refuses a call the budget cannot cover, before any request", async () => {
    openBudget(store.db, "run-1", 0.005);
    const paid = fakeText("openrouter:openai/gpt-4o", log);
    const model = withMetering(paid, { db: store.db, prices: defaultPrices, budgetScope: "run-1" });
    // 1000 output tokens at $10/M = $0.01 > $0.005.
    const error = await model.doGenerate(ask).catch((caught: unknown) => caught);
    expect(isBudgetExceeded(error)).toBe(true);
    expect((error as { exitCode: number }).exitCode).toBe(75);
    expect(log.count()).toBe(0);
  });

  it("lets an offline model run after a paid call overran the budget", async () => {
    openBudget(store.db, "run-1", 0.011);
    const paid = fakeText("openrouter:openai/gpt-4o", log);
    // Estimated at ~$0.01 (1000 output tokens), billed $0.26: the scope is now overspent.
    paid.control.usage = { inputTokens: 100_000, outputTokens: 1000 };
    const scoped = { db: store.db, prices: defaultPrices, budgetScope: "run-1" };
    await withMetering(paid, scoped).doGenerate(ask);
    expect(budgetState(store.db, "run-1").spentUsd).toBeGreaterThan(0.011);

    const offline = fakeText("local:extractive", log);
    const updates = events.ofType("cost-update").length;
    await expect(
      withMetering(offline, { ...scoped, events }).doGenerate(ask),
    ).resolves.toBeDefined();
    // A free call changes no total, so it emits no cost-update.
    expect(events.ofType("cost-update")).toHaveLength(updates);
    await expect(withMetering(paid, scoped).doGenerate(ask)).rejects.toMatchObject({
      name: "BudgetExceeded",
    });
    expect(log.count()).toBe(2);
  });

  it("reserves for the dearest model of the chain", async () => {
    openBudget(store.db, "run-1", 0.05);
    const cheap = fakeText("openrouter:meta-llama/llama-3.2-3b-instruct", log);
    const dear = fakeText("openrouter:anthropic/claude-3-opus", log);
    const chain = resilientChain([cheap, dear], { db: store.db, settings: fast });
    const model = withMetering(chain, {
      db: store.db,
      prices: defaultPrices,
      budgetScope: "run-1",
    });
    // Opus: 1000 × $75/M = $0.075 > $0.05, even though llama would answer for far less.
    await expect(model.doGenerate(ask)).rejects.toMatchObject({ name: "BudgetExceeded" });
    expect(log.count()).toBe(0);
  });

  it("settles to the real cost, releases on failure, and emits cost-update", async () => {
    openBudget(store.db, "run-1", 1);
    const paid = fakeText("openrouter:openai/gpt-4o", log);
    paid.control.usage = { inputTokens: 100, outputTokens: 100 };
    const model = withMetering(paid, {
      db: store.db,
      events,
      prices: defaultPrices,
      budgetScope: "run-1",
    });
    await model.doGenerate(ask);
    paid.control.fail("bad-request");
    await expect(model.doGenerate(ask)).rejects.toMatchObject({ failure: "bad-request" });
    const state = budgetState(store.db, "run-1");
    expect(state.reservedUsd).toBe(0);
    expect(state.spentUsd).toBeCloseTo(0.00125, 9);
    expect(events.ofType("cost-update")).toEqual([
      { type: "cost-update", spentUsd: state.spentUsd, budgetUsd: 1 },
    ]);
  });

  it("keeps the estimate of a possibly-charged submission reserved against the budget", async () => {
    openBudget(store.db, "run-1", 1);
    const video = fakeVideo("modelslab:seedance-i2v", log);
    const model = withMetering(
      resilientChain([video], { db: store.db, settings: { timeScale: 0 } }),
      { db: store.db, events, prices: defaultPrices, budgetScope: "run-1" },
    );
    video.control.fail("server", 500);
    const options = {
      prompt: "p",
      initImage: { url: "https://x/y.png" },
      durationSeconds: 4,
      width: 640,
      height: 360,
    };
    await expect(model.doStart(options)).rejects.toMatchObject({ maybeAccepted: true });
    expect(log.count()).toBe(1);
    expect(budgetState(store.db, "run-1").reservedUsd).toBeCloseTo(0.2, 9);
    expect(events.ofType("warning").at(-1)?.message).toContain("stays reserved");
  });

  it("refuses a paid model with no price before calling it (exit 78)", async () => {
    const unpriced = fakeText("openrouter:new/model", log);
    const chain = resilientChain([fakeText("openrouter:openai/gpt-4o", log), unpriced], {
      db: store.db,
      settings: fast,
    });
    const error = await withMetering(chain, { db: store.db, events, prices: defaultPrices })
      .doGenerate(ask)
      .catch((caught: unknown) => caught);
    expect((error as { exitCode: number }).exitCode).toBe(78);
    expect((error as Error).message).toBe(
      "no price for openrouter:new/model; add it under `prices` in the config",
    );
    expect(log.count()).toBe(0);
    expect(usageRows(store.db)).toHaveLength(0);
  });

  it("settles a cost above the estimate and warns with the model and both amounts", async () => {
    openBudget(store.db, "run-1", 1);
    const paid = fakeText("openrouter:openai/gpt-4o", log);
    // 3000 output tokens where 1000 were estimated.
    paid.control.usage = { inputTokens: 10, outputTokens: 3000 };
    const model = withMetering(paid, {
      db: store.db,
      events,
      prices: defaultPrices,
      budgetScope: "run-1",
    });
    await model.doGenerate(ask);
    const real = (10 * 2.5 + 3000 * 10) / 1e6;
    expect(budgetState(store.db, "run-1").spentUsd).toBeCloseTo(real, 9);
    const [warning] = events.ofType("warning");
    expect(warning?.message).toContain("openrouter:openai/gpt-4o");
    expect(warning?.message).toContain(`$${real.toFixed(4)}`);
    expect(warning?.message).toContain(`$${priceOfAsk().toFixed(4)}`);
  });

  it("bills a started job from the units its handle carries", async () => {
    const fake = fakeVideo("modelslab:seedance-i2v", log);
    const accepting = wrapModel(fake, async (method, args, next) => {
      const start = (await next(args)) as JobStart;
      if (method !== "doStart" || start.state !== "started") return start;
      // ModelsLab rounded the 4.4 s request to 4 billed seconds.
      return { ...start, handle: { ...start.handle, usage: { videoSeconds: 4 } } };
    });
    const model = withMetering(accepting, { db: store.db, prices: defaultPrices });
    await model.doStart({
      prompt: "waves",
      width: 64,
      height: 64,
      initImage: { url: "https://cdn.test/still.png" },
      durationSeconds: 4.4,
    });
    const [row] = usageRows(store.db);
    expect(row).toMatchObject({ units: { videoSeconds: 4 } });
    expect(row!.usd).toBeCloseTo(0.2, 9);
  });

  it("settles and writes the ledger row in one transaction; a failed row still returns the result", async () => {
    openBudget(store.db, "run-1", 1);
    store.db.exec(
      "CREATE TRIGGER no_usage BEFORE INSERT ON usage BEGIN SELECT RAISE(ABORT, 'disk is full'); END",
    );
    const paid = fakeText("openrouter:openai/gpt-4o", log);
    paid.control.usage = { inputTokens: 100, outputTokens: 100 };
    const model = withMetering(paid, {
      db: store.db,
      events,
      prices: defaultPrices,
      budgetScope: "run-1",
    });
    const result = await model.doGenerate(ask);
    expect(result.text).toContain("gpt-4o");
    const state = budgetState(store.db, "run-1");
    // Neither the spend nor the row: they never disagree. The reservation stays held.
    expect(state.spentUsd).toBe(0);
    expect(state.reservedUsd).toBeGreaterThan(0);
    expect(usageRows(store.db)).toHaveLength(0);
    expect(events.ofType("warning")[0]?.message).toContain("ledger row could not be written");
  });
});

/** The estimate of `ask` on gpt-4o: its input estimate and 1000 output tokens. */
function priceOfAsk(): number {
  const units = estimateUsage("text", ask);
  return priceOf("openrouter", "openai/gpt-4o", units, defaultPrices);
}
