import { describe, expect, it } from "vitest";
import {
  type CallLog,
  fakeImage,
  fakeSpeech,
  fakeText,
} from "../../../test/providers/support/fake-models.js";
import {
  type EventLog,
  type TempStore,
  useMiddlewareState,
} from "../../../test/providers/support/temp-store.js";
import { isProviderError } from "../provider-error.js";
import type { TextModel } from "../spec/index.js";
import { isMaybeAccepted } from "./ambiguous-start.js";
import { startCooldown } from "./cooldown.js";
import { resilientChain } from "./index.js";
import { type ResilienceOverrides, resolveSettings } from "./policy.js";
import { routeOf } from "./route.js";

let store: TempStore;
let log: CallLog;
let events: EventLog;

useMiddlewareState((fresh) => ({ store, log, events } = fresh));

const ask = { messages: [{ role: "user" as const, content: "hello" }] };
const fast: ResilienceOverrides = { timeScale: 0.001, retry: { initialDelayMs: 1 } };

function chainOf<M extends TextModel>(models: M[], settings: ResilienceOverrides = fast) {
  return resilientChain(models, { db: store.db, events, settings });
}

function attempts() {
  return store.db
    .prepare("SELECT provider, model, attempt, outcome, failure FROM attempts ORDER BY id")
    .all() as Array<{
    provider: string;
    model: string;
    attempt: number;
    outcome: string;
    failure: string | null;
  }>;
}

describe("fallback chain", () => {
  it("falls back to the next model on 503, after retrying the first", async () => {
    const primary = fakeText("alpha:a", log);
    const backup = fakeText("beta:b", log);
    primary.control.failAlways({ failure: "unavailable", status: 503 });
    const result = await chainOf([primary, backup]).doGenerate(ask);

    expect(result.text).toBe("answer from beta:b");
    expect(log.count("alpha:a")).toBe(3);
    expect(log.count("beta:b")).toBe(1);
    expect(routeOf(result)).toEqual({ provider: "beta", modelId: "b", fallbackFrom: "alpha:a" });
    expect(events.ofType("fallback")).toEqual([
      { type: "fallback", modality: "text", from: "alpha:a", to: "beta:b", reason: "unavailable" },
    ]);
    expect(attempts().map((row) => `${row.model}:${row.outcome}`)).toEqual([
      "a:retry",
      "a:retry",
      "a:fallback",
      "b:ok",
    ]);
  });

  it("is a model of the same spec", async () => {
    const chain = chainOf([fakeText("alpha:a", log), fakeText("beta:b", log)]);
    expect(chain.modality).toBe("text");
    expect(chain.specificationVersion).toBe("v1");
    expect(typeof chain.doGenerate).toBe("function");
    const result = await chain.doGenerate(ask);
    expect(routeOf(result)).toEqual({ provider: "alpha", modelId: "a" });
  });

  it("retries a malformed answer once, then falls back", async () => {
    const primary = fakeText("alpha:a", log);
    primary.control.failAlways("malformed");
    const result = await chainOf([primary, fakeText("beta:b", log)]).doGenerate(ask);
    expect(result.text).toContain("beta:b");
    expect(log.count("alpha:a")).toBe(2);
    expect(events.ofType("fallback")[0]).toMatchObject({ reason: "malformed" });
  });

  it("falls back at once on a failure that cannot be retried", async () => {
    const primary = fakeText("alpha:a", log);
    primary.control.failAlways("auth");
    const result = await chainOf([primary, fakeText("beta:b", log)]).doGenerate(ask);
    expect(result.text).toContain("beta:b");
    expect(log.count("alpha:a")).toBe(1);
  });

  it("stops without falling back when the caller aborts", async () => {
    const primary = fakeText("alpha:a", log);
    primary.control.latencyMs = 1000;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await chainOf([primary, fakeText("beta:b", log)])
      .doGenerate({ ...ask, abortSignal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(isProviderError(error) && error.failure).toBe("aborted");
    expect(log.count("beta:b")).toBe(0);
  });

  it("skips a provider on cooldown (recorded as skipped) unless it is the last link", async () => {
    startCooldown({ db: store.db, settings: resolveSettings() }, "alpha", 60_000, "rate-limit");
    const result = await chainOf([fakeText("alpha:a", log), fakeText("beta:b", log)]).doGenerate(
      ask,
    );
    expect(result.text).toContain("beta:b");
    expect(log.count("alpha:a")).toBe(0);
    expect(attempts()[0]).toMatchObject({
      model: "a",
      attempt: 0,
      outcome: "skipped",
      failure: "cooldown",
    });
    expect(events.ofType("fallback")[0]).toMatchObject({
      from: "alpha:a",
      to: "beta:b",
      reason: "cooldown",
    });

    const lastLink = await chainOf([fakeText("alpha:a", log)]).doGenerate(ask);
    expect(lastLink.text).toContain("alpha:a");
    expect(log.count("alpha:a")).toBe(1);
  });

  it("a 429 on one call puts the provider on cooldown for the next call", async () => {
    const primary = fakeText("alpha:a", log);
    // Longer than maxRetryAfterMs: no retry, fall back, and alpha cools down for 10 min.
    primary.control.fail({ failure: "rate-limit", status: 429, retryAfterMs: 600_000 });
    const chain = chainOf([primary, fakeText("beta:b", log)], { timeScale: 1 });
    await chain.doGenerate(ask);
    await chain.doGenerate(ask);
    expect(log.count("alpha:a")).toBe(1);
    expect(log.count("beta:b")).toBe(2);
  });

  it("reports every link's failure when the whole chain fails", async () => {
    const primary = fakeText("alpha:a", log);
    const backup = fakeText("beta:b", log);
    primary.control.failAlways("bad-request");
    backup.control.failAlways("content-filter");
    const error = await chainOf([primary, backup])
      .doGenerate(ask)
      .catch((caught: unknown) => caught);
    expect(isProviderError(error)).toBe(true);
    expect((error as Error).message).toContain("alpha:a: bad-request; beta:b: content-filter");
    expect((error as { exitCode: number }).exitCode).toBe(69);
  });

  it("routes status polls to the model that started the job", async () => {
    const primary = fakeImage("alpha:img", log);
    const backup = fakeImage("beta:img", log);
    primary.control.failAlways("bad-request");
    const chain = resilientChain([primary, backup], { db: store.db, events, settings: fast });
    const start = await chain.doStart({ prompt: "a lighthouse", width: 64, height: 64 });
    if (start.state !== "started") throw new Error("expected an async job");
    expect(start.handle.provider).toBe("beta");
    const status = await chain.doStatus(start.handle);
    expect(status.state).toBe("succeeded");
    expect(log.count("beta:img", "doStatus")).toBe(1);
    expect(log.count("alpha:img", "doStatus")).toBe(0);
  });

  it.each([
    { failure: "server", status: 500 },
    { failure: "unavailable", status: 502 },
    { failure: "unavailable" }, // connection reset after the request was sent
    { failure: "timeout" },
    { failure: "malformed" },
  ] as const)(
    "never re-submits a paid job after an ambiguous failure ($failure $status)",
    async (spec) => {
      const primary = fakeImage("alpha:img", log);
      const backup = fakeImage("beta:img", log);
      primary.control.failAlways(spec);
      const chain = resilientChain([primary, backup], { db: store.db, events, settings: fast });
      const error = await chain
        .doStart({ prompt: "a lighthouse", width: 64, height: 64 })
        .catch((caught: unknown) => caught);
      expect(isMaybeAccepted(error)).toBe(true);
      expect((error as Error).message).toContain("may have been accepted and was not re-submitted");
      expect(log.count("alpha:img", "doStart")).toBe(1);
      expect(log.count("beta:img", "doStart")).toBe(0);
      expect(events.ofType("fallback")).toEqual([]);
      const rows = store.db.prepare("SELECT outcome, detail FROM attempts").all() as Array<{
        outcome: string;
        detail: string;
      }>;
      expect(rows).toHaveLength(1);
      expect(rows[0]!.outcome).toBe("failed");
      expect(rows[0]!.detail).toContain("possibly charged");
    },
  );

  it.each([
    [{ failure: "unavailable", status: 503 }, 3],
    [{ failure: "rate-limit", status: 429, retryAfterMs: 1 }, 3],
    [{ failure: "payment", status: 402 }, 1],
    [{ failure: "content-filter", status: 200 }, 1], // HTTP 200, error body: rejected
  ] as const)(
    "retries or falls back a paid job only after a clear refusal (%o)",
    async (spec, tries) => {
      const primary = fakeImage("alpha:img", log);
      const backup = fakeImage("beta:img", log);
      primary.control.failAlways(spec);
      const chain = resilientChain([primary, backup], { db: store.db, events, settings: fast });
      const start = await chain.doStart({ prompt: "a lighthouse", width: 64, height: 64 });
      expect(start.state === "started" && start.handle.provider).toBe("beta");
      expect(log.count("alpha:img", "doStart")).toBe(tries);
    },
  );

  it("lists voices through the chain too", async () => {
    const primary = fakeSpeech("alpha:voice", log);
    primary.control.failAlways({ failure: "unavailable", status: 503 });
    const chain = resilientChain([primary, fakeSpeech("beta:voice", log)], {
      db: store.db,
      events,
      settings: fast,
    });
    const voices = await chain.doListVoices();
    expect(voices[0]?.voiceId).toBe("beta:voice-voice");
    expect(routeOf(voices)).toMatchObject({ provider: "beta", fallbackFrom: "alpha:voice" });
  });
});
