import { describe, expect, it } from "vitest";
import { type CallLog, fakeImage, fakeText } from "../../../test/providers/support/fake-models.js";
import {
  type EventLog,
  type TempStore,
  useMiddlewareState,
} from "../../../test/providers/support/temp-store.js";
import { isProviderError } from "../provider-error.js";
import { activeCooldown } from "./cooldown.js";
import { type ResilienceContext, type ResilienceOverrides, resolveSettings } from "./policy.js";
import { withResilience } from "./resilient-model.js";

let store: TempStore;
let log: CallLog;
let events: EventLog;

useMiddlewareState((fresh) => ({ store, log, events } = fresh));

function context(overrides: ResilienceOverrides = {}): ResilienceContext {
  return {
    db: store.db,
    events,
    settings: resolveSettings({ timeScale: 0.01, breaker: { threshold: 100 }, ...overrides }),
  };
}

const ask = { messages: [{ role: "user" as const, content: "hello" }] };

describe("retry", () => {
  it("honours retry-after (scaled) before the second attempt", async () => {
    const fake = fakeText("alpha:a", log);
    fake.control.fail({ failure: "rate-limit", status: 429, retryAfterMs: 15_000 });
    const model = withResilience(fake, context({ timeScale: 0.01, retry: { initialDelayMs: 1 } }));
    const result = await model.doGenerate(ask);
    expect(result.text).toBe("answer from alpha:a");
    expect(log.count("alpha:a")).toBe(2);
    const [first, second] = log.calls;
    // retry-after 15 s × 0.01 = 150 ms; the 1 ms backoff must not win.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(145);
  });

  it("uses the short backoff when no retry-after is given", async () => {
    const fake = fakeText("alpha:a", log);
    fake.control.fail({ failure: "server", status: 500 });
    const model = withResilience(fake, context({ retry: { initialDelayMs: 1, maxDelayMs: 5 } }));
    await model.doGenerate(ask);
    const [first, second] = log.calls;
    expect(second!.at - first!.at).toBeLessThan(100);
  });

  it("stops after maxAttempts and records every attempt", async () => {
    const fake = fakeText("alpha:a", log);
    fake.control.failAlways({ failure: "server", status: 500 });
    const model = withResilience(fake, context({ retry: { maxAttempts: 4, initialDelayMs: 1 } }));
    await expect(model.doGenerate(ask)).rejects.toMatchObject({ failure: "server" });
    expect(log.count("alpha:a")).toBe(4);
    const outcomes = store.db
      .prepare("SELECT outcome FROM attempts ORDER BY id")
      .all()
      .map((row) => (row as { outcome: string }).outcome);
    expect(outcomes).toEqual(["retry", "retry", "retry", "failed"]);
    expect(events.ofType("attempt-end")).toHaveLength(4);
  });

  it("retries malformed answers only once", async () => {
    const fake = fakeText("alpha:a", log);
    fake.control.failAlways("malformed");
    const model = withResilience(fake, context({ retry: { maxAttempts: 5, initialDelayMs: 1 } }));
    await expect(model.doGenerate(ask)).rejects.toMatchObject({ failure: "malformed" });
    expect(log.count("alpha:a")).toBe(2);
  });

  it("never retries a non-retryable failure", async () => {
    for (const failure of ["bad-request", "auth", "payment", "content-filter"] as const) {
      const fake = fakeText(`alpha:${failure}`, log);
      fake.control.failAlways(failure);
      const model = withResilience(fake, context());
      await expect(model.doGenerate(ask)).rejects.toMatchObject({ failure });
      expect(log.count(`alpha:${failure}`)).toBe(1);
    }
  });

  it("gives up at once when retry-after is longer than maxRetryAfterMs", async () => {
    const fake = fakeText("alpha:a", log);
    fake.control.fail({ failure: "rate-limit", status: 429, retryAfterMs: 3_600_000 });
    const model = withResilience(fake, context());
    await expect(model.doGenerate(ask)).rejects.toMatchObject({ failure: "rate-limit" });
    expect(log.count("alpha:a")).toBe(1);
  });

  it("stops waiting as soon as the caller aborts", async () => {
    const fake = fakeText("alpha:a", log);
    fake.control.fail({ failure: "rate-limit", status: 429, retryAfterMs: 50_000 });
    const model = withResilience(fake, context({ timeScale: 1 }));
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    const error = await model
      .doGenerate({ ...ask, abortSignal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(isProviderError(error) && error.failure).toBe("aborted");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(log.count("alpha:a")).toBe(1);
  });

  it("times out a hanging attempt and retries it", async () => {
    const fake = fakeText("alpha:a", log);
    fake.control.latencyMs = 1000;
    const model = withResilience(
      fake,
      context({ attemptTimeoutMs: 20, retry: { maxAttempts: 2, initialDelayMs: 1 } }),
    );
    await expect(model.doGenerate(ask)).rejects.toMatchObject({ failure: "timeout" });
    expect(log.count("alpha:a")).toBe(2);
  });

  it("puts the provider on cooldown after a 429 or 503", async () => {
    const fake = fakeText("alpha:a", log);
    fake.control.fail({ failure: "unavailable", status: 503, retryAfterMs: 20_000 });
    // One attempt only: a retry would wait out the (scaled) cooldown before we look.
    const resilience = context({ retry: { maxAttempts: 1 } });
    await expect(withResilience(fake, resilience).doGenerate(ask)).rejects.toThrow();
    const cooldown = activeCooldown(resilience, "alpha");
    expect(cooldown?.reason).toBe("unavailable");
    expect(cooldown!.until.getTime() - Date.now()).toBeGreaterThan(100);
    expect(events.ofType("cooldown-start")).toHaveLength(1);
  });

  it("does not re-submit a paid job after an ambiguous failure, but does after a 503", async () => {
    const fake = fakeImage("alpha:img", log);
    const model = withResilience(fake, context({ retry: { initialDelayMs: 1 } }));
    const request = { prompt: "a lighthouse", width: 512, height: 512 };
    fake.control.fail("timeout");
    await expect(model.doStart(request)).rejects.toMatchObject({ failure: "timeout" });
    expect(log.count("alpha:img", "doStart")).toBe(1);
    fake.control.fail({ failure: "unavailable", status: 503 });
    await model.doStart(request);
    expect(log.count("alpha:img", "doStart")).toBe(3);
  });

  it("retries status polls, which cost nothing", async () => {
    const fake = fakeImage("alpha:img", log);
    const model = withResilience(fake, context({ retry: { initialDelayMs: 1 } }));
    const start = await model.doStart({ prompt: "x", width: 64, height: 64 });
    if (start.state !== "started") throw new Error("expected an async start");
    fake.control.fail("timeout");
    const status = await model.doStatus(start.handle);
    expect(status.state).toBe("succeeded");
    expect(log.count("alpha:img", "doStatus")).toBe(2);
  });
});
