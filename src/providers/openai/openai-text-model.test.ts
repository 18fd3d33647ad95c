import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  EMULATOR_API_KEY,
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from "../../../test/emulators/openai-compatible.js";
import { isProviderError, type ProviderError } from "../provider-error.js";
import { createOpenAICompatible } from "./openai-provider.js";

const MODEL = "meta-llama/llama-3.2-3b-instruct";
const messages = [
  { role: "system" as const, content: "You write screenplays." },
  { role: "user" as const, content: "Summarise chapter one." },
];

let emulator: OpenAICompatibleEmulator;

beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator({ dialect: "openrouter" });
});
afterAll(() => emulator.close());
afterEach(() => {
  emulator.clearFaults();
  emulator.requests.length = 0;
});

function openRouter(apiKey = EMULATOR_API_KEY, timeoutMs = 5_000) {
  return createOpenAICompatible({
    provider: "openrouter",
    baseURL: `${emulator.url}/api/v1`,
    apiKey,
    timeoutMs,
    headers: { "X-OpenRouter-Title": "litink tests" },
  });
}

async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe("OpenAI-compatible text model against the OpenRouter emulator", () => {
  it("returns text, token usage, OpenRouter's cost and the generation id in one call", async () => {
    const model = openRouter().text(MODEL);
    const result = await model.doGenerate({
      messages,
      temperature: 0.2,
      maxOutputTokens: 200,
      seed: 7,
    });

    expect(emulator.count("/chat/completions")).toBe(1);
    const request = emulator.requests[0]!;
    expect(request.path).toBe("/api/v1/chat/completions");
    expect(request.headers.authorization).toBe(`Bearer ${EMULATOR_API_KEY}`);
    expect(request.headers["x-openrouter-title"]).toBe("litink tests");
    expect(request.json).toMatchObject({
      model: MODEL,
      messages,
      temperature: 0.2,
      max_tokens: 200,
      seed: 7,
    });
    expect(request.json).not.toHaveProperty("response_format");

    expect(result.text).toContain(`Emulated reply from ${MODEL}`);
    expect(result.finishReason).toBe("stop");
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    const expectedCost =
      result.usage.inputTokens! * 0.000001 + result.usage.outputTokens! * 0.000002;
    expect(result.providerCostUsd).toBeCloseTo(expectedCost, 12);
    expect(result.response.id).toMatch(/^gen-/);
    expect(result.response.modelId).toBe(MODEL);
    expect(result.warnings).toEqual([]);
  });

  it("reports the model that actually answered when OpenRouter routes elsewhere", async () => {
    emulator.routeModel("openai/gpt-4o", "anthropic/claude-3.5-sonnet");
    const result = await openRouter().text("openai/gpt-4o").doGenerate({ messages });
    expect(result.response.modelId).toBe("anthropic/claude-3.5-sonnet");
    expect(emulator.count("/chat/completions", "openai/gpt-4o")).toBe(1);
  });

  it("keeps usage undefined, never 0, when the server reports none", async () => {
    emulator.queueChatReply({ omitUsage: true });
    const result = await openRouter().text(MODEL).doGenerate({ messages });
    expect(result.usage).toEqual({ inputTokens: undefined, outputTokens: undefined });
    expect(result.providerCostUsd).toBeUndefined();
  });

  it("maps a length stop", async () => {
    const result = await openRouter().text(MODEL).doGenerate({ messages, maxOutputTokens: 2 });
    expect(result.finishReason).toBe("length");
  });

  it("drops credential headers given per call, with a warning", async () => {
    const result = await openRouter()
      .text(MODEL)
      .doGenerate({
        messages,
        headers: { Authorization: "Bearer other", "HTTP-Referer": "https://x" },
      });
    expect(emulator.requests[0]!.headers.authorization).toBe(`Bearer ${EMULATOR_API_KEY}`);
    expect(emulator.requests[0]!.headers["http-referer"]).toBe("https://x");
    expect(result.warnings).toHaveLength(1);
  });
});

describe("failures become ProviderErrors the middleware can act on", () => {
  it("a choice-level error inside HTTP 200 is a failure", async () => {
    emulator.queueChatReply({
      choiceError: { code: 502, message: "Upstream provider died mid-generation" },
    });
    const error = await failureOf(openRouter().text(MODEL).doGenerate({ messages }));
    expect(error.failure).toBe("unavailable");
    expect(error.message).toContain("Upstream provider died mid-generation");
    expect(emulator.count("/chat/completions")).toBe(1);
  });

  it("a request-level error envelope inside HTTP 200 is a failure", async () => {
    emulator.queueChatReply({ body: { error: { code: 429, message: "slow down" } } });
    const error = await failureOf(openRouter().text(MODEL).doGenerate({ messages }));
    expect(error.failure).toBe("rate-limit");
  });

  it("429 with retry-after is rate-limit with retryAfterMs, and the SDK does not retry", async () => {
    emulator.inject({ fault: { kind: "status", status: 429, retryAfterSeconds: 7 } });
    const error = await failureOf(openRouter().text(MODEL).doGenerate({ messages }));
    expect(error.failure).toBe("rate-limit");
    expect(error.retryAfterMs).toBe(7_000);
    expect(error.status).toBe(429);
    expect(error.message).toContain("Injected fault 429");
    expect(emulator.count("/chat/completions")).toBe(1);
  });

  it.each([
    [503, "unavailable"],
    [502, "unavailable"],
    [500, "server"],
    [402, "payment"],
    [400, "bad-request"],
    [408, "timeout"],
  ] as const)("HTTP %i is %s", async (status, failure) => {
    emulator.inject({ fault: { kind: "status", status } });
    const error = await failureOf(openRouter().text(MODEL).doGenerate({ messages }));
    expect(error.failure).toBe(failure);
    expect(error.retryAfterMs).toBeUndefined();
    expect(emulator.count("/chat/completions")).toBe(1);
  });

  it("a moderation 403 is content-filter, not a key problem", async () => {
    emulator.inject({
      fault: {
        kind: "status",
        status: 403,
        body: { error: { code: 403, message: "flagged", metadata: { reasons: ["violence"] } } },
      },
    });
    const error = await failureOf(openRouter().text(MODEL).doGenerate({ messages }));
    expect(error.failure).toBe("content-filter");
  });

  it("a body that is not JSON is malformed", async () => {
    emulator.inject({ fault: { kind: "malformed" } });
    const error = await failureOf(openRouter().text(MODEL).doGenerate({ messages }));
    expect(error.failure).toBe("malformed");
  });

  it("an empty choices array is malformed", async () => {
    emulator.queueChatReply({ body: { id: "gen-1", model: MODEL, choices: [] } });
    const error = await failureOf(openRouter().text(MODEL).doGenerate({ messages }));
    expect(error.failure).toBe("malformed");
    expect(error.message).toContain("no choices");
  });

  it("a server that never answers is a timeout after the client timeout", async () => {
    emulator.inject({ fault: { kind: "hang" } });
    const started = Date.now();
    const error = await failureOf(
      openRouter(EMULATOR_API_KEY, 300).text(MODEL).doGenerate({ messages }),
    );
    expect(error.failure).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(emulator.count("/chat/completions")).toBe(1);
  });

  it("a reset connection is unavailable", async () => {
    emulator.inject({ fault: { kind: "reset" } });
    const error = await failureOf(openRouter().text(MODEL).doGenerate({ messages }));
    expect(error.failure).toBe("unavailable");
  });

  it("a cancelled call is aborted", async () => {
    emulator.inject({ fault: { kind: "hang" } });
    const controller = new AbortController();
    const call = openRouter().text(MODEL).doGenerate({ messages, abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await failureOf(call);
    expect(error.failure).toBe("aborted");
  });

  it("401 is auth, and the key appears nowhere in the error", async () => {
    const wrongKey = "sk-or-v1-wrong-key-that-must-not-leak-4242";
    const error = await failureOf(openRouter(wrongKey).text(MODEL).doGenerate({ messages }));
    expect(error.failure).toBe("auth");
    expect(error.status).toBe(401);
    expect(error.message).toContain("User not found.");
    expectNoSecret(error, wrongKey);
  });
});

describe("OpenAI dialect", () => {
  let openai: OpenAICompatibleEmulator;
  beforeAll(async () => {
    openai = await startOpenAICompatibleEmulator({
      dialect: "openai",
      apiKey: "sk-proj-correct-key-1234",
    });
  });
  afterAll(() => openai.close());

  it("works against a /v1 base without OpenRouter extras", async () => {
    const provider = createOpenAICompatible({
      provider: "openai",
      baseURL: `${openai.url}/v1/`,
      apiKey: "sk-proj-correct-key-1234",
    });
    const result = await provider.text("gpt-4o-mini").doGenerate({
      messages,
      responseFormat: { type: "json", name: "reply", schema: { type: "object", properties: {} } },
    });
    expect(openai.requests.at(-1)!.path).toBe("/v1/chat/completions");
    expect(openai.requests.at(-1)!.json).not.toHaveProperty("provider");
    expect(result.providerCostUsd).toBeUndefined();
    expect(result.response.id).toMatch(/^chatcmpl-/);
  });

  it("keeps even OpenAI's masked key echo out of the error", async () => {
    const wrongKey = "sk-proj-abcdefghijklmnopqrstuvwxyz-9876";
    const provider = createOpenAICompatible({
      provider: "openai",
      baseURL: `${openai.url}/v1`,
      apiKey: wrongKey,
    });
    const error = await failureOf(provider.text("gpt-4o-mini").doGenerate({ messages }));
    expect(error.failure).toBe("auth");
    expect(error.message).toContain("Incorrect API key provided");
    expect(error.message).not.toMatch(/sk-[\w*]/);
    expectNoSecret(error, wrongKey);
  });
});

function expectNoSecret(error: Error, key: string): void {
  const renderings = [
    error.message,
    String(error.stack),
    JSON.stringify(error),
    String(error),
    inspect(error, { depth: 10, showHidden: true }),
  ];
  for (const text of renderings) {
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(-12));
  }
}
