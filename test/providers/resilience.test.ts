import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultPrices } from "../../src/config/defaults.js";
import { budgetState, openBudget } from "../../src/ledger/budget.js";
import { isBudgetExceeded } from "../../src/ledger/budget-error.js";
import { estimateUsage } from "../../src/ledger/estimate.js";
import { priceOf } from "../../src/ledger/pricing.js";
import { usageRows } from "../../src/ledger/usage.js";
import { createElevenLabs } from "../../src/providers/elevenlabs/index.js";
import {
  type ResilienceOverrides,
  readBreaker,
  resilientChain,
  routeOf,
  runJob,
  withMetering,
  withResilience,
} from "../../src/providers/middleware/index.js";
import { createModelsLab } from "../../src/providers/modelslab/modelslab-provider.js";
import { createOpenAICompatible } from "../../src/providers/openai/openai-provider.js";
import { isProviderError } from "../../src/providers/provider-error.js";
import type { TextModel } from "../../src/providers/spec/index.js";
import { ArtifactStore } from "../../src/store/artifacts.js";
import type { Db } from "../../src/store/db.js";
import { startElevenLabsEmulator } from "../emulators/elevenlabs.js";
import {
  MODELSLAB_TEST_KEY,
  type ModelsLabEmulator,
  startModelsLabEmulator,
} from "../emulators/modelslab.js";
import {
  EMULATOR_API_KEY,
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from "../emulators/openai-compatible.js";
import { EventLog, seededRandom, type TempStore, tempStore } from "./support/temp-store.js";

/**
 * The real SDK-backed models, through the resilience middleware, against the protocol
 * emulators. Every count comes from the emulator's own request log.
 */
let router: OpenAICompatibleEmulator;
let modelsLab: ModelsLabEmulator;
let soakRandom = seededRandom(1);
let store: TempStore;
let events: EventLog;

beforeAll(async () => {
  router = await startOpenAICompatibleEmulator({
    dialect: "openrouter",
    random: () => soakRandom(),
  });
  modelsLab = await startModelsLabEmulator();
});
afterAll(async () => {
  await router.close();
  await modelsLab.close();
});
beforeEach(async () => {
  store = await tempStore();
  events = new EventLog();
  router.clearFaults();
  router.requests.length = 0;
  modelsLab.clearFaults();
  modelsLab.requests.length = 0;
});
afterEach(() => store.close());

const ELEVEN_KEY = "sk_eleven_emulator_4f1d2c";
const GPT = "openai/gpt-4o";
const SONNET = "anthropic/claude-3.5-sonnet";
const CHAT = "/chat/completions";
const ask = {
  messages: [{ role: "user" as const, content: "Name the lighthouse keeper." }],
  maxOutputTokens: 200,
};
const fast: ResilienceOverrides = { timeScale: 0.002, retry: { initialDelayMs: 5 } };

function openRouter() {
  return createOpenAICompatible({
    provider: "openrouter",
    baseURL: `${router.url}/api/v1`,
    apiKey: EMULATOR_API_KEY,
  });
}

function textChain(db: Db, settings: ResilienceOverrides = fast): TextModel {
  const provider = openRouter();
  return resilientChain([provider.text(GPT), provider.text(SONNET)], { db, events, settings });
}

describe("resilience against the emulators, through the real SDKs", () => {
  it("falls back to the next model on 503 and bills the model that answered", async () => {
    router.inject({
      fault: { kind: "status", status: 503 },
      model: GPT,
      times: Number.POSITIVE_INFINITY,
    });
    const model = withMetering(textChain(store.db), {
      db: store.db,
      events,
      prices: defaultPrices,
      runId: "run",
    });
    const result = await model.doGenerate(ask);

    expect(router.count(CHAT, GPT)).toBe(3);
    expect(router.count(CHAT, SONNET)).toBe(1);
    expect(routeOf(result)).toMatchObject({ modelId: SONNET, fallbackFrom: `openrouter:${GPT}` });
    expect(events.ofType("fallback")).toEqual([
      {
        type: "fallback",
        modality: "text",
        from: `openrouter:${GPT}`,
        to: `openrouter:${SONNET}`,
        reason: "unavailable",
      },
    ]);
    const [row] = usageRows(store.db);
    expect(row).toMatchObject({
      model: SONNET,
      fallbackFrom: `openrouter:${GPT}`,
      costSource: "provider",
    });
    expect(row!.usd).toBeGreaterThan(0);
  });

  it("bills the model OpenRouter routed the request to, at its price when no cost is reported", async () => {
    const HAIKU = "anthropic/claude-3-haiku";
    router.routeModel(GPT, HAIKU);
    try {
      const model = withMetering(withResilience(openRouter().text(GPT), resolveContext()), {
        db: store.db,
        events,
        prices: defaultPrices,
        runId: "run",
      });
      await model.doGenerate(ask);
      router.queueChatReply({ forModel: GPT, omitUsage: true });
      await model.doGenerate(ask);
    } finally {
      router.routeModel(GPT, GPT);
    }
    const [reported, estimated] = usageRows(store.db);
    expect(reported).toMatchObject({
      provider: "openrouter",
      model: HAIKU,
      fallbackFrom: `openrouter:${GPT}`,
      costSource: "provider",
    });
    // No usage reported: billed from the estimate at haiku's price, not gpt-4o's.
    const units = estimateUsage("text", ask);
    expect(estimated).toMatchObject({ model: HAIKU, costSource: "price-table" });
    expect(estimated!.usd).toBeCloseTo(priceOf("openrouter", HAIKU, units, defaultPrices), 12);
    expect(estimated!.usd).toBeLessThan(priceOf("openrouter", GPT, units, defaultPrices));
  });

  it("sends no request to a model whose breaker is open, then recovers half-open", async () => {
    router.inject({
      fault: { kind: "status", status: 500 },
      model: GPT,
      times: Number.POSITIVE_INFINITY,
    });
    // An injected clock: the breaker stays open however loaded the machine is, and the
    // test moves the clock past half-open instead of sleeping.
    let clock = Date.parse("2026-11-02T10:00:00Z");
    const chain = resilientChain([openRouter().text(GPT), openRouter().text(SONNET)], {
      db: store.db,
      events,
      now: () => clock,
      settings: {
        timeScale: 1,
        retry: { maxAttempts: 1 },
        breaker: { threshold: 2, halfOpenAfterMs: 50_000, trialLeaseMs: 50_000 },
      },
    });
    await chain.doGenerate(ask);
    await chain.doGenerate(ask);
    expect(router.count(CHAT, GPT)).toBe(2);
    expect(readBreaker(store.db, `openrouter:${GPT}`)?.state).toBe("open");

    for (let call = 0; call < 5; call++) await chain.doGenerate(ask);
    expect(router.count(CHAT, GPT)).toBe(2);
    expect(router.count(CHAT, SONNET)).toBe(7);

    router.clearFaults();
    clock += 50_001;
    const result = await chain.doGenerate(ask);
    expect(routeOf(result)?.modelId).toBe(GPT);
    expect(router.count(CHAT, GPT)).toBe(3);
    expect(readBreaker(store.db, `openrouter:${GPT}`)?.state).toBe("closed");
  });

  it("honours a 429's retry-after", async () => {
    router.inject({ fault: { kind: "status", status: 429, retryAfterSeconds: 30 }, model: GPT });
    const model = withResilience(openRouter().text(GPT), {
      db: store.db,
      settings: { ...resolve(fast), timeScale: 0.005 },
    });
    await model.doGenerate(ask);
    const [first, second] = router.requests;
    expect(router.count(CHAT, GPT)).toBe(2);
    // 30 s × 0.005 = 150 ms.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(145);
  });

  it("cools down only the model that got a 429 on OpenRouter, not the whole provider", async () => {
    const OPUS = "anthropic/claude-3-opus";
    // Longer than maxRetryAfterMs: no retry on gpt-4o, fall back, gpt-4o cools down 10 min.
    router.inject({ fault: { kind: "status", status: 429, retryAfterSeconds: 600 }, model: GPT });
    const provider = openRouter();
    const chain = resilientChain([provider.text(GPT), provider.text(SONNET), provider.text(OPUS)], {
      db: store.db,
      events,
      settings: { ...fast, timeScale: 1 },
    });
    expect(routeOf(await chain.doGenerate(ask))?.modelId).toBe(SONNET);
    expect(routeOf(await chain.doGenerate(ask))?.modelId).toBe(SONNET);
    expect(router.count(CHAT, GPT)).toBe(1);
    expect(router.count(CHAT, SONNET)).toBe(2);
    expect(router.count(CHAT, OPUS)).toBe(0);
    expect(events.ofType("cooldown-start")[0]).toMatchObject({
      provider: "openrouter",
      model: GPT,
    });
  });

  it("retries malformed JSON once, then falls back", async () => {
    router.inject({ fault: { kind: "malformed" }, model: GPT, times: Number.POSITIVE_INFINITY });
    const result = await textChain(store.db).doGenerate(ask);
    expect(router.count(CHAT, GPT)).toBe(2);
    expect(router.count(CHAT, SONNET)).toBe(1);
    expect(events.ofType("fallback")[0]).toMatchObject({ reason: "malformed" });
    expect(result.text.length).toBeGreaterThan(0);
  });

  it("polls a timed-out ModelsLab video job again instead of re-submitting it", async () => {
    modelsLab.configure({ videoProcessingPolls: 8 });
    const video = createModelsLab({ baseURL: modelsLab.url, apiKey: MODELSLAB_TEST_KEY }).video(
      "seedance-i2v",
    );
    const chain = withMetering(resilientChain([video], { db: store.db, events, settings: fast }), {
      db: store.db,
      prices: defaultPrices,
      runId: "run",
    });
    const request = {
      prompt: "waves against the lighthouse",
      initImage: { url: "https://cdn.example/still.png" },
      durationSeconds: 5,
      width: 1280,
      height: 720,
    };
    const artifacts = new ArtifactStore(store.db, store.home);
    // Own undici Agent: download.ts composes npm undici 7 interceptors onto the global
    // dispatcher, which is Node 20's bundled undici 6 once anything used global fetch (the
    // openai SDK does) — "invalid onError method". Reported to the download.ts owner.
    const download = { dispatcher: new Agent() };
    const job = {
      db: store.db,
      key: "chapter-1/shot-3/clip",
      pollIntervalMs: 5,
      artifacts,
      download,
    };
    const first = await runJob(chain, request, { ...job, timeoutMs: 20 }).catch(
      (error: unknown) => error,
    );
    expect(isProviderError(first) && first.failure).toBe("timeout");
    const fetchesBefore = modelsLab.count("/v7/video-fusion/fetch/");
    expect(fetchesBefore).toBeGreaterThan(0);

    const other = await store.connect();
    const second = await runJob(chain, request, { ...job, db: other });
    expect(second.resumed).toBe(true);
    expect(modelsLab.count("/v7/video-fusion/image-to-video")).toBe(1);
    expect(modelsLab.count("/v7/video-fusion/fetch/")).toBe(9);
    expect(second.artifacts?.[0]?.mediaType).toBe("video/mp4");
    expect(usageRows(store.db)).toHaveLength(1);

    // A third run finds the artifacts saved and asks the provider nothing.
    const requestsBefore = modelsLab.requests.length;
    const third = await runJob(chain, request, job);
    expect(third.artifacts?.[0]?.hash).toBe(second.artifacts?.[0]?.hash);
    expect(modelsLab.requests.length).toBe(requestsBefore);
  });

  it("never exceeds the budget under 8-way concurrency with random faults (10 seeds, two connections)", async () => {
    const other = await store.connect();
    let refusedRuns = 0;
    for (let seed = 1; seed <= 10; seed++) {
      soakRandom = seededRandom(seed);
      router.clearFaults();
      const forever = Number.POSITIVE_INFINITY;
      router.inject({ fault: { kind: "status", status: 503 }, probability: 0.1, times: forever });
      router.inject({ fault: { kind: "status", status: 500 }, probability: 0.1, times: forever });
      router.inject({ fault: { kind: "malformed" }, probability: 0.1, times: forever });
      router.inject({
        fault: { kind: "status", status: 429, retryAfterSeconds: 1 },
        probability: 0.1,
        times: forever,
      });
      const scope = `soak-${seed}`;
      const limitUsd = 0.004 + soakRandom() * 0.004;
      openBudget(store.db, scope, limitUsd);
      const stacks = [store.db, other].map((db) =>
        withMetering(textChain(db, { ...fast, breaker: { threshold: 3, halfOpenAfterMs: 5000 } }), {
          db,
          prices: defaultPrices,
          budgetScope: scope,
          runId: scope,
        }),
      );
      let succeeded = 0;
      let refused = false;
      await Promise.all(
        Array.from({ length: 8 }, async (_, worker) => {
          for (let call = 0; call < 30; call++) {
            try {
              await stacks[worker % 2]!.doGenerate(ask);
              succeeded++;
            } catch (error) {
              if (isBudgetExceeded(error)) {
                refused = true;
                return;
              }
            }
          }
        }),
      );
      if (refused) refusedRuns++;
      const state = budgetState(store.db, scope);
      expect(state.spentUsd, `seed ${seed}`).toBeLessThanOrEqual(limitUsd + 1e-9);
      expect(state.reservedUsd).toBe(0);
      const rows = usageRows(store.db, { runId: scope });
      expect(rows).toHaveLength(succeeded);
      expect(rows.reduce((sum, row) => sum + row.usd, 0)).toBeCloseTo(state.spentUsd, 9);
    }
    expect(refusedRuns).toBeGreaterThanOrEqual(8);
    const failedRequests = store.db
      .prepare("SELECT COUNT(*) AS count FROM attempts WHERE outcome != 'ok'")
      .get() as { count: number };
    expect(failedRequests.count).toBeGreaterThan(20);
  });

  it("moves ElevenLabs speech to the next model on 503, after honouring a 429", async () => {
    const speechEmulator = await startElevenLabsEmulator({ expectedKey: ELEVEN_KEY });
    try {
      const voiceId = speechEmulator.voices[0]!.voice_id;
      const eleven = createElevenLabs({ baseURL: speechEmulator.url, apiKey: ELEVEN_KEY });
      speechEmulator.inject({
        fault: { kind: "status", status: 429, retryAfterSeconds: 10 },
        model: "eleven_multilingual_v2",
      });
      speechEmulator.inject({
        fault: { kind: "status", status: 503 },
        model: "eleven_multilingual_v2",
        times: Number.POSITIVE_INFINITY,
      });
      const chain = withMetering(
        resilientChain(
          [eleven.speech("eleven_multilingual_v2"), eleven.speech("eleven_turbo_v2_5")],
          {
            db: store.db,
            events,
            settings: fast,
          },
        ),
        { db: store.db, events, prices: defaultPrices },
      );
      const result = await chain.doGenerate({ text: "The lamp was lit at dusk.", voiceId });
      expect(result.audio.length).toBeGreaterThan(0);
      expect(speechEmulator.count("/v1/text-to-speech/", "eleven_multilingual_v2")).toBe(3);
      expect(speechEmulator.count("/v1/text-to-speech/", "eleven_turbo_v2_5")).toBe(1);
      expect(usageRows(store.db)[0]).toMatchObject({
        model: "eleven_turbo_v2_5",
        fallbackFrom: "elevenlabs:eleven_multilingual_v2",
        units: { characters: 25 },
      });
      expect(JSON.stringify(events.events)).not.toContain(ELEVEN_KEY);
    } finally {
      await speechEmulator.close();
    }
  });

  it("keeps API keys out of the store and the events", async () => {
    router.inject({ fault: { kind: "status", status: 401 }, model: GPT });
    router.inject({ fault: { kind: "status", status: 429, retryAfterSeconds: 1 }, model: SONNET });
    await withMetering(textChain(store.db), {
      db: store.db,
      events,
      prices: defaultPrices,
    }).doGenerate(ask);
    const image = createModelsLab({ baseURL: modelsLab.url, apiKey: MODELSLAB_TEST_KEY }).image(
      "seedream-4",
    );
    modelsLab.inject({ fault: { kind: "status", status: 503 } });
    await runJob(
      resilientChain([image], { db: store.db, events, settings: fast }),
      {
        prompt: "a harbour",
        width: 512,
        height: 512,
      },
      { db: store.db, key: "image", pollIntervalMs: 5 },
    );
    store.db.pragma("wal_checkpoint(FULL)");
    const database = readFileSync(join(store.home, "litink.db")).toString("latin1");
    const emitted = JSON.stringify(events.events);
    for (const key of [EMULATOR_API_KEY, MODELSLAB_TEST_KEY]) {
      expect(database).not.toContain(key);
      expect(emitted).not.toContain(key);
    }
    expect(events.ofType("attempt-end").length).toBeGreaterThan(2);
  });
});

function resolveContext() {
  return { db: store.db, events, settings: resolve(fast) };
}

function resolve(overrides: ResilienceOverrides) {
  return {
    retry: {
      maxAttempts: 3,
      initialDelayMs: 5,
      maxDelayMs: 20_000,
      maxRetryAfterMs: 60_000,
      ...overrides.retry,
    },
    breaker: { threshold: 5, halfOpenAfterMs: 30_000, trialLeaseMs: 120_000, ...overrides.breaker },
    cooldown: { defaultMs: 30_000, ...overrides.cooldown },
    attemptTimeoutMs: overrides.attemptTimeoutMs ?? 300_000,
    timeScale: overrides.timeScale ?? 1,
  };
}
