import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CallLog, fakeText } from "../../../test/providers/support/fake-models.js";
import { EventLog, type TempStore, tempStore } from "../../../test/providers/support/temp-store.js";
import { defaultPrices } from "../../config/defaults.js";
import { budgetState, openBudget } from "../../ledger/budget.js";
import { isBudgetExceeded } from "../../ledger/budget-error.js";
import { usageRows } from "../../ledger/usage.js";
import { resilientChain } from "./index.js";
import { withMetering } from "./metering.js";

let store: TempStore;
let log: CallLog;
let events: EventLog;

beforeEach(async () => {
  store = await tempStore();
  log = new CallLog();
  events = new EventLog();
});
afterEach(() => store.close());

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
});
