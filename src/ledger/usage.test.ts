import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TempStore, tempStore } from "../../test/providers/support/temp-store.js";
import { recordUsage, runSpentUsd, usageRows, usageSummary } from "./usage.js";

let store: TempStore;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(() => store.close());

function row(overrides: Partial<Parameters<typeof recordUsage>[1]> = {}) {
  return {
    modality: "text",
    provider: "openrouter",
    model: "openai/gpt-4o",
    units: { inputTokens: 10, outputTokens: 5 },
    usd: 0.01,
    costSource: "price-table" as const,
    startedAt: new Date("2026-11-02T10:00:00Z"),
    endedAt: new Date("2026-11-02T10:00:01Z"),
    ...overrides,
  };
}

describe("usage ledger", () => {
  it("gives every row a fresh UUID (the billing idempotency key)", () => {
    const first = recordUsage(store.db, row());
    const second = recordUsage(store.db, row());
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
    expect(() => recordUsage(store.db, row({ id: first }))).toThrow(/UNIQUE/);
  });

  it("keeps the model used, the fallback origin and a cache hit", () => {
    recordUsage(
      store.db,
      row({ fallbackFrom: "openrouter:anthropic/claude-3.5-sonnet", cacheHit: true, usd: 0 }),
    );
    expect(usageRows(store.db)[0]).toMatchObject({
      model: "openai/gpt-4o",
      fallbackFrom: "openrouter:anthropic/claude-3.5-sonnet",
      cacheHit: true,
      units: { inputTokens: 10, outputTokens: 5 },
    });
  });

  it("totals by day, model, book and run, from `since` on", () => {
    recordUsage(store.db, row({ runId: "r1", bookId: "b1", usd: 0.5 }));
    recordUsage(store.db, row({ runId: "r1", bookId: "b1", model: "x/y", usd: 0.25 }));
    recordUsage(
      store.db,
      row({ runId: "r2", bookId: "b2", usd: 1, startedAt: new Date("2026-11-05T08:00:00Z") }),
    );
    const all = usageSummary(store.db);
    expect(all.totalUsd).toBeCloseTo(1.75, 9);
    expect(all.calls).toBe(3);
    expect(all.byDay.map((total) => [total.key, total.usd])).toEqual([
      ["2026-11-02", 0.75],
      ["2026-11-05", 1],
    ]);
    expect(all.byModel[0]).toMatchObject({ key: "openrouter:openai/gpt-4o", calls: 2, usd: 1.5 });
    expect(all.byBook.map((total) => total.key)).toEqual(["b2", "b1"]);
    expect(all.byRun.find((total) => total.key === "r1")?.usd).toBeCloseTo(0.75, 9);
    const recent = usageSummary(store.db, { since: new Date("2026-11-03T00:00:00Z") });
    expect(recent.totalUsd).toBe(1);
    expect(runSpentUsd(store.db, "r1")).toBeCloseTo(0.75, 9);
  });
});
