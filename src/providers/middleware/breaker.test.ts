import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type CallLog, fakeText } from "../../../test/providers/support/fake-models.js";
import { spawnWorker } from "../../../test/providers/support/spawn-worker.js";
import {
  type EventLog,
  type TempStore,
  useMiddlewareState,
} from "../../../test/providers/support/temp-store.js";
import type { Db } from "../../store/db.js";
import { fallback } from "./fallback.js";
import { type ResilienceContext, resolveSettings } from "./policy.js";
import { withResilience } from "./resilient-model.js";
import { isCircuitOpen, readBreaker } from "./shared-breaker.js";

let store: TempStore;
let log: CallLog;
let events: EventLog;

useMiddlewareState((fresh) => ({ store, log, events } = fresh));

/**
 * Threshold 3, one attempt per call, half-open after 30 s on an injected clock: the breaker
 * stays open however slow the machine is, and tests move the clock instead of sleeping.
 */
let clock = Date.parse("2026-11-02T10:00:00Z");
const HALF_OPEN_MS = 30_000;
const advancePastHalfOpen = () => {
  clock += HALF_OPEN_MS + 1;
};

function context(db: Db = store.db): ResilienceContext {
  return {
    db,
    events,
    now: () => clock,
    settings: resolveSettings({
      timeScale: 1,
      retry: { maxAttempts: 1 },
      breaker: { threshold: 3, halfOpenAfterMs: HALF_OPEN_MS, trialLeaseMs: HALF_OPEN_MS },
    }),
  };
}

const ask = { messages: [{ role: "user" as const, content: "hello" }] };

async function failures(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("shared circuit breaker", () => {
  it("opens after the threshold, sends nothing while open, then recovers half-open", async () => {
    const fake = fakeText("alpha:a", log);
    fake.control.failAlways({ failure: "server", status: 500 });
    const model = withResilience(fake, context());

    for (let call = 0; call < 3; call++) await failures(model.doGenerate(ask));
    expect(log.count("alpha:a")).toBe(3);
    expect(readBreaker(store.db, "alpha:a")?.state).toBe("open");
    expect(events.ofType("breaker-open")).toHaveLength(1);

    for (let call = 0; call < 5; call++) {
      expect(isCircuitOpen(await failures(model.doGenerate(ask)))).toBe(true);
    }
    expect(log.count("alpha:a")).toBe(3);

    fake.control.failAlways(undefined);
    advancePastHalfOpen();
    const result = await model.doGenerate(ask);
    expect(result.text).toContain("alpha:a");
    expect(log.count("alpha:a")).toBe(4);
    expect(readBreaker(store.db, "alpha:a")?.state).toBe("closed");
    expect(events.ofType("breaker-close")).toHaveLength(1);
    await model.doGenerate(ask);
    expect(log.count("alpha:a")).toBe(5);
  });

  it("re-opens when the half-open trial fails", async () => {
    const fake = fakeText("alpha:a", log);
    fake.control.failAlways({ failure: "unavailable", status: 502 });
    const model = withResilience(fake, context());
    for (let call = 0; call < 3; call++) await failures(model.doGenerate(ask));
    advancePastHalfOpen();
    await failures(model.doGenerate(ask));
    expect(log.count("alpha:a")).toBe(4);
    expect(readBreaker(store.db, "alpha:a")?.state).toBe("open");
    expect(isCircuitOpen(await failures(model.doGenerate(ask)))).toBe(true);
    expect(log.count("alpha:a")).toBe(4);
  });

  it("is shared by two connections to the same store (two processes)", async () => {
    const other = await store.connect();
    const first = fakeText("alpha:a", log);
    first.control.failAlways({ failure: "server", status: 500 });
    const inFirst = withResilience(first, context(store.db));
    for (let call = 0; call < 3; call++) await failures(inFirst.doGenerate(ask));
    expect(log.count("alpha:a")).toBe(3);

    // A second "process": its own connection and its own model object, never failed itself.
    const inSecond = withResilience(fakeText("alpha:a", log), context(other));
    expect(isCircuitOpen(await failures(inSecond.doGenerate(ask)))).toBe(true);
    expect(log.count("alpha:a")).toBe(3);
    expect(readBreaker(other, "alpha:a")?.state).toBe("open");
  });

  it("counts failures from both connections towards one threshold", async () => {
    const other = await store.connect();
    const shared = fakeText("alpha:a", log);
    shared.control.failAlways({ failure: "timeout" });
    const inFirst = withResilience(shared, context(store.db));
    const inSecond = withResilience(shared, context(other));
    await failures(inFirst.doGenerate(ask));
    await failures(inSecond.doGenerate(ask));
    await failures(inFirst.doGenerate(ask));
    expect(readBreaker(other, "alpha:a")?.state).toBe("open");
    expect(isCircuitOpen(await failures(inSecond.doGenerate(ask)))).toBe(true);
    expect(log.count("alpha:a")).toBe(3);
  });

  it("counts every failure of calls that were in flight together", async () => {
    const other = await store.connect();
    const fake = fakeText("alpha:a", log);
    fake.control.failAlways({ failure: "server", status: 500 });
    fake.control.latencyMs = 20;
    const here = withResilience(fake, context());
    const there = withResilience(fake, context(other));
    // All three are admitted while the breaker is closed and fail together.
    await Promise.all([here, there, here].map((model) => failures(model.doGenerate(ask))));
    expect(readBreaker(store.db, "alpha:a")).toMatchObject({
      state: "open",
      consecutiveFailures: 3,
    });
  });

  it("opens once for four processes failing at the same time, losing no failure", async () => {
    const worker = fileURLToPath(
      new URL("../../../test/providers/support/breaker-worker.ts", import.meta.url),
    );
    const startAt = String(Date.now() + 2000);
    const results = await Promise.all(
      [1, 2, 3, 4].map(() =>
        spawnWorker<{ requests: number }>(worker, [store.home, startAt, "20"]),
      ),
    );
    const requests = results.reduce((sum, result) => sum + result.requests, 0);
    // Threshold 5: at most one more call per other process can be in flight when it opens.
    expect(requests).toBeGreaterThanOrEqual(5);
    expect(requests).toBeLessThanOrEqual(5 + 3);
    expect(readBreaker(store.db, "alpha:shared")).toMatchObject({ state: "open" });
    expect(readBreaker(store.db, "alpha:shared")!.consecutiveFailures).toBeGreaterThanOrEqual(5);
  });

  it("lets exactly one trial through when many calls arrive half-open", async () => {
    const other = await store.connect();
    const fake = fakeText("alpha:a", log);
    fake.control.failAlways({ failure: "server", status: 500 });
    const model = withResilience(fake, context());
    for (let call = 0; call < 3; call++) await failures(model.doGenerate(ask));
    fake.control.failAlways(undefined);
    fake.control.latencyMs = 30;
    advancePastHalfOpen();
    const modelElsewhere = withResilience(fake, context(other));
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        failures((index % 2 ? modelElsewhere : model).doGenerate(ask)),
      ),
    );
    expect(log.count("alpha:a")).toBe(4);
    expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(1);
    expect(readBreaker(store.db, "alpha:a")?.state).toBe("closed");
  });

  it("ignores failures that say nothing about the model's health", async () => {
    const fake = fakeText("alpha:a", log);
    fake.control.failAlways("bad-request");
    const model = withResilience(fake, context());
    for (let call = 0; call < 6; call++) await failures(model.doGenerate(ask));
    expect(log.count("alpha:a")).toBe(6);
    expect(readBreaker(store.db, "alpha:a")?.state ?? "closed").toBe("closed");
  });

  it("resets the count after a success", async () => {
    const fake = fakeText("alpha:a", log);
    const model = withResilience(fake, context());
    fake.control.fail("server", 2);
    await failures(model.doGenerate(ask));
    await failures(model.doGenerate(ask));
    await model.doGenerate(ask);
    fake.control.fail("server", 2);
    await failures(model.doGenerate(ask));
    await failures(model.doGenerate(ask));
    expect(readBreaker(store.db, "alpha:a")?.state).toBe("closed");
  });

  it("makes the chain skip an open model: zero calls, a skipped attempt and a fallback event", async () => {
    const primary = fakeText("alpha:a", log);
    const backup = fakeText("beta:b", log);
    primary.control.failAlways({ failure: "server", status: 500 });
    const resilience = context();
    const chain = fallback(
      [withResilience(primary, resilience), withResilience(backup, resilience)],
      resilience,
    );
    for (let call = 0; call < 3; call++) await chain.doGenerate(ask);
    expect(log.count("alpha:a")).toBe(3);
    const before = log.count("alpha:a");
    for (let call = 0; call < 4; call++) {
      expect((await chain.doGenerate(ask)).text).toContain("beta:b");
    }
    expect(log.count("alpha:a")).toBe(before);
    expect(log.count("beta:b")).toBe(7);
    const reasons = events.ofType("fallback").map((event) => event.reason);
    expect(reasons.slice(-4)).toEqual([
      "circuit-open",
      "circuit-open",
      "circuit-open",
      "circuit-open",
    ]);
    const skipped = store.db
      .prepare(
        "SELECT COUNT(*) AS count FROM attempts WHERE outcome = 'skipped' AND failure = 'circuit-open'",
      )
      .get() as { count: number };
    expect(skipped.count).toBe(4);
  });
});
