import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type ElevenLabsEmulator,
  startElevenLabsEmulator,
} from "../../../test/emulators/elevenlabs.js";
import { isProviderError, type ProviderError } from "../provider-error.js";
import { createElevenLabs } from "./elevenlabs-provider.js";

const KEY = "sk_live_emulator_expected_key_77";
const WRONG_KEY = "sk_live_SECRET_that_must_never_leak_42";
const RACHEL = "21m00Tcm4TlvDq8ikWAM";
const PATH = "/with-timestamps";

let emulator: ElevenLabsEmulator;

beforeAll(async () => {
  emulator = await startElevenLabsEmulator({ expectedKey: KEY });
});
afterAll(() => emulator.close());
afterEach(() => emulator.clearFaults());

function model(options: { apiKey?: string; timeoutMs?: number; modelId?: string } = {}) {
  return createElevenLabs({
    baseURL: emulator.url,
    apiKey: options.apiKey ?? KEY,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  }).speech(options.modelId ?? "eleven_flash_v2_5");
}

/** Runs one speech call that must fail; returns the error and how many calls reached the server. */
async function failingCall(
  options: Parameters<typeof model>[0] & {
    text?: string;
    voiceId?: string;
    signal?: AbortSignal;
  } = {},
): Promise<{ error: ProviderError; calls: number }> {
  const before = emulator.count(PATH);
  try {
    await model(options).doGenerate({
      text: options.text ?? "A short line.",
      voiceId: options.voiceId ?? RACHEL,
      ...(options.signal ? { abortSignal: options.signal } : {}),
    });
  } catch (error) {
    expect(isProviderError(error)).toBe(true);
    return { error: error as ProviderError, calls: emulator.count(PATH) - before };
  }
  throw new Error("expected the call to fail");
}

/** Every text an error could show: message, stack, JSON, and the same for each cause. */
function everyText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    const value = current as Error & { cause?: unknown };
    parts.push(String(value), value.message ?? "", value.stack ?? "");
    parts.push(JSON.stringify(value, Object.getOwnPropertyNames(value)));
    parts.push(JSON.stringify(value));
    current = value.cause;
  }
  return parts.join("\n");
}

describe("ElevenLabs errors become ProviderErrors", () => {
  it("maps 401 invalid_api_key to auth and never shows the key", async () => {
    const { error, calls } = await failingCall({ apiKey: WRONG_KEY });
    expect(calls).toBe(1);
    expect(error).toMatchObject({ failure: "auth", status: 401, isRetryable: false });
    expect(error.message).toContain("invalid_api_key: Invalid API key");
    expect(error.cause).toBeInstanceOf(Error);
    expect(everyText(error)).not.toContain(WRONG_KEY);
    expect(everyText(error)).not.toContain(KEY);
  });

  it("scrubs the key when a server echoes it back in its message", async () => {
    emulator.inject({
      pathIncludes: PATH,
      fault: {
        kind: "status",
        status: 401,
        body: { detail: { status: "invalid_api_key", message: `Key ${WRONG_KEY} is not valid` } },
      },
    });
    const { error } = await failingCall({ apiKey: WRONG_KEY });
    expect(error.message).toContain("[redacted]");
    expect(everyText(error)).not.toContain(WRONG_KEY);
  });

  it("maps 429 system_busy to rate-limit and honours retry-after", async () => {
    emulator.inject({
      pathIncludes: PATH,
      fault: { kind: "status", status: 429, retryAfterSeconds: 7 },
    });
    const { error, calls } = await failingCall();
    expect(calls).toBe(1);
    expect(error).toMatchObject({ failure: "rate-limit", status: 429, retryAfterMs: 7000 });
    expect(error.message).toContain("system_busy");
  });

  it("gives a 429 without retry-after a small default wait", async () => {
    emulator.inject({ pathIncludes: PATH, fault: { kind: "status", status: 429 } });
    const { error } = await failingCall();
    expect(error.failure).toBe("rate-limit");
    expect(error.retryAfterMs).toBe(1000);
  });

  it("maps too_many_concurrent_requests beyond the plan's concurrency to rate-limit", async () => {
    const busy = await startElevenLabsEmulator({
      expectedKey: KEY,
      maxConcurrent: 1,
      latencyMs: 150,
    });
    try {
      const speech = createElevenLabs({ baseURL: busy.url, apiKey: KEY }).speech(
        "eleven_flash_v2_5",
      );
      const results = await Promise.allSettled(
        [1, 2, 3].map(() => speech.doGenerate({ text: "At once.", voiceId: RACHEL })),
      );
      expect(busy.count(PATH)).toBe(3);
      const failures = results.flatMap((result) =>
        result.status === "rejected" ? [result.reason as ProviderError] : [],
      );
      expect(failures.length).toBe(2);
      for (const failure of failures) {
        expect(failure).toMatchObject({ failure: "rate-limit", status: 429 });
        expect(failure.message).toContain("too_many_concurrent_requests");
      }
    } finally {
      await busy.close();
    }
  });

  it.each([
    [500, "server"],
    [503, "unavailable"],
  ])("maps %i to %s with exactly one call (the SDK does not retry)", async (status, failure) => {
    emulator.inject({ pathIncludes: PATH, fault: { kind: "status", status } });
    const result = await failingCall();
    expect(result.calls).toBe(1);
    expect(result.error).toMatchObject({ failure, status, isRetryable: true });
  });

  it("maps a hanging server to timeout after the configured time", async () => {
    emulator.inject({ pathIncludes: PATH, fault: { kind: "hang" } });
    const started = Date.now();
    const { error, calls } = await failingCall({ timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(calls).toBe(1);
    expect(error.failure).toBe("timeout");
  });

  it("maps malformed JSON and a wrong-shaped body to malformed", async () => {
    emulator.inject({ pathIncludes: PATH, fault: { kind: "malformed" } });
    const broken = await failingCall();
    expect(broken.error).toMatchObject({ failure: "malformed", isRetryable: true });
    emulator.inject({ pathIncludes: PATH, fault: { kind: "malformed", body: '{"audio": 1}' } });
    const wrongShape = await failingCall();
    expect(wrongShape.error.failure).toBe("malformed");
  });

  it("maps a reset connection to unavailable", async () => {
    emulator.inject({ pathIncludes: PATH, fault: { kind: "reset" } });
    const { error, calls } = await failingCall();
    expect(calls).toBe(1);
    expect(error.failure).toBe("unavailable");
  });

  it("maps the request errors of the API to bad-request and payment", async () => {
    const unknownVoice = await failingCall({ voiceId: "no-such-voice" });
    expect(unknownVoice.error).toMatchObject({ failure: "bad-request", status: 400 });
    expect(unknownVoice.error.message).toContain("voice_not_found");

    const tooLong = await failingCall({
      modelId: "eleven_multilingual_v2",
      text: "a".repeat(10_001),
    });
    expect(tooLong.error.message).toContain("max_character_limit_exceeded");
    expect(tooLong.error.failure).toBe("bad-request");

    emulator.inject({
      pathIncludes: PATH,
      fault: {
        kind: "status",
        status: 401,
        body: { detail: { status: "quota_exceeded", message: "Out of credits" } },
      },
    });
    expect((await failingCall()).error.failure).toBe("payment");
  });

  it("maps a 422 validation error to bad-request naming the field", async () => {
    const before = emulator.count(PATH);
    const error = await model()
      .doGenerate({ text: "Shaky.", voiceId: RACHEL, voiceSettings: { stability: 3 } })
      .catch((caught: unknown) => caught as ProviderError);
    expect(emulator.count(PATH) - before).toBe(1);
    expect(error).toMatchObject({ failure: "bad-request", status: 422 });
    expect((error as ProviderError).message).toContain("voice_settings.stability");
  });

  it("maps a cancelled call to aborted", async () => {
    emulator.inject({ pathIncludes: PATH, fault: { kind: "hang" } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error } = await failingCall({ signal: controller.signal });
    expect(error.failure).toBe("aborted");
  });

  it("fails voice listing with the same mapping", async () => {
    const error = await createElevenLabs({ baseURL: emulator.url, apiKey: WRONG_KEY })
      .speech("eleven_flash_v2_5")
      .doListVoices()
      .catch((caught: unknown) => caught as ProviderError);
    expect(error).toMatchObject({ failure: "auth", status: 401 });
    expect(everyText(error)).not.toContain(WRONG_KEY);
  });
});
