import { describe, expect, it } from "vitest";
import { createRedactor, mapOpenAIError } from "./openai-error.js";

const KEY = "sk-or-v1-secret-value-777";
const context = { provider: "openrouter", modelId: "m", redact: createRedactor(KEY) };

/** The fields of the SDK's APIError that the mapper reads. */
function apiError(status: number, error: unknown, headers: Record<string, string> = {}) {
  return Object.assign(new Error("sdk text that must not travel"), {
    status,
    error,
    headers: new Headers(headers),
  });
}

describe("mapOpenAIError", () => {
  it("reads retry-after as an HTTP date", () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const mapped = mapOpenAIError(
      apiError(429, undefined, { "retry-after": inTenSeconds }),
      context,
    );
    expect(mapped.failure).toBe("rate-limit");
    expect(mapped.retryAfterMs).toBeGreaterThan(8_000);
    expect(mapped.retryAfterMs).toBeLessThanOrEqual(10_000);
  });

  it("prefers OpenAI's retry-after-ms", () => {
    const mapped = mapOpenAIError(
      apiError(429, undefined, { "retry-after-ms": "1500", "retry-after": "9" }),
      context,
    );
    expect(mapped.retryAfterMs).toBe(1_500);
  });

  it("treats OpenAI's insufficient_quota 429 as payment, not a wait", () => {
    const body = {
      message: "You exceeded your current quota",
      type: "insufficient_quota",
      code: "insufficient_quota",
    };
    expect(mapOpenAIError(apiError(429, body), context).failure).toBe("payment");
  });

  it("builds the message from status and the provider message only, redacting keys", () => {
    const body = { code: 400, message: `bad key ${KEY} and sk-abc***xyz9` };
    const mapped = mapOpenAIError(apiError(400, body), context);
    expect(mapped.message).toBe("openrouter m: bad key [redacted] and [redacted] (HTTP 400)");
    expect(mapped.message).not.toContain("sdk text");
    expect(mapped.cause).toBeUndefined();
  });

  it("says nothing of a non-JSON error page", () => {
    const mapped = mapOpenAIError(apiError(502, undefined), context);
    expect(mapped.failure).toBe("unavailable");
    expect(mapped.message).toBe("openrouter m: the provider answered with an error (HTTP 502)");
  });
});
