import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnWorker } from "../../test/providers/support/spawn-worker.js";
import { type TempStore, tempStore } from "../../test/providers/support/temp-store.js";
import { budgetState, openBudget, release, releaseStale, reserve, settle } from "./budget.js";
import { BudgetExceededError, isBudgetExceeded } from "./budget-error.js";

let store: TempStore;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(() => store.close());

describe("budget reservations", () => {
  it("admits a reservation only while spent + reserved + estimate ≤ limit", () => {
    openBudget(store.db, "run", 1);
    const first = reserve(store.db, "run", 0.6);
    expect(() => reserve(store.db, "run", 0.5)).toThrow(BudgetExceededError);
    const second = reserve(store.db, "run", 0.4);
    expect(budgetState(store.db, "run")).toMatchObject({ spentUsd: 0, reservedUsd: 1 });
    settle(store.db, first, 0.25);
    release(store.db, second);
    expect(budgetState(store.db, "run")).toMatchObject({ spentUsd: 0.25, reservedUsd: 0 });
    expect(() => reserve(store.db, "run", 0.75)).not.toThrow();
  });

  it("refuses with exit code 75 and a message that says what to do", () => {
    openBudget(store.db, "run", 0.01);
    const error = (() => {
      try {
        reserve(store.db, "run", 0.02);
      } catch (caught) {
        return caught;
      }
    })();
    expect(isBudgetExceeded(error)).toBe(true);
    expect(error).toMatchObject({ exitCode: 75, name: "BudgetExceeded" });
    expect((error as Error).message).toContain("$0.0200");
    expect((error as BudgetExceededError).hint).toContain("--budget");
  });

  it("counts a settled reservation once, even if settled twice", () => {
    openBudget(store.db, "run", 1);
    const reservation = reserve(store.db, "run", 0.5);
    settle(store.db, reservation, 0.3);
    settle(store.db, reservation, 0.3);
    expect(budgetState(store.db, "run").spentUsd).toBeCloseTo(0.3, 9);
  });

  it("is shared by connections and frees stale reservations of crashed processes", async () => {
    const other = await store.connect();
    openBudget(store.db, "run", 1);
    reserve(other, "run", 0.9);
    expect(() => reserve(store.db, "run", 0.2)).toThrow(BudgetExceededError);
    expect(releaseStale(store.db, "run", new Date(Date.now() + 1000))).toBe(1);
    expect(() => reserve(store.db, "run", 0.2)).not.toThrow();
  });

  it("is never exceeded by four processes reserving at once", async () => {
    const limitUsd = 0.2;
    openBudget(store.db, "shared", limitUsd);
    const worker = fileURLToPath(
      new URL("../../test/providers/support/budget-worker.ts", import.meta.url),
    );
    const barrier = mkdtempSync(join(store.home, "barrier-"));
    const running = Promise.all(
      [1, 2, 3, 4].map((seed) =>
        spawnWorker<{ settledUsd: number; calls: number }>(worker, [
          store.home,
          "shared",
          String(seed),
          barrier,
        ]),
      ),
    );
    // Every worker has its store open before any reserves: they really contend.
    let ended = false;
    running.then(
      () => (ended = true),
      () => (ended = true),
    );
    while (!ended && readdirSync(barrier).filter((name) => name.startsWith("ready-")).length < 4)
      await new Promise((resolve) => setTimeout(resolve, 10));
    writeFileSync(join(barrier, "go"), "");
    const results = await running;
    const state = budgetState(store.db, "shared");
    const settled = results.reduce((sum, result) => sum + result.settledUsd, 0);
    expect(state.spentUsd).toBeLessThanOrEqual(limitUsd);
    expect(state.spentUsd).toBeCloseTo(settled, 9);
    expect(state.reservedUsd).toBe(0);
    expect(results.every((result) => result.calls > 0)).toBe(true);
  });
});
