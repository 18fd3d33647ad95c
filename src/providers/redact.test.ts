import { describe, expect, it } from "vitest";
import { createRedactor, REDACTED } from "./redact.js";

describe("createRedactor", () => {
  it("removes the exact key wherever it appears", () => {
    const redact = createRedactor("mlk_SECRET_9d3f7a61c04b");
    expect(redact("bad key=mlk_SECRET_9d3f7a61c04b, again mlk_SECRET_9d3f7a61c04b")).toBe(
      `bad key=${REDACTED}, again ${REDACTED}`,
    );
  });

  it.each([
    ["OpenAI's masked 401", "Incorrect API key provided: sk-proj-********************abcd."],
    ["an ellipsis mask", "key sk-…abcd is not valid"],
    ["an OpenRouter prefix", "key sk-or-v1-… rejected"],
    ["three-dot mask", "key sk-abc...wxyz rejected"],
    ["an ElevenLabs-shaped key", "invalid key sk_0123456789abcdef"],
    ["a bearer header echoed back", "got Authorization: Bearer abc.def-123"],
  ])("removes masked and key-shaped forms: %s", (_name, text) => {
    const redacted = createRedactor("unrelated-key-000000")(text);
    expect(redacted).toContain(REDACTED);
    expect(redacted).not.toMatch(/sk[-_][A-Za-z0-9]|abcd|wxyz|abc\.def/);
  });

  it("removes masked forms of a key without an sk- prefix (head or tail kept)", () => {
    const redact = createRedactor("mlkey0123456789tail");
    expect(redact("key mlke****** denied")).toBe(`key ${REDACTED} denied`);
    expect(redact("key ****tail denied")).toBe(`key ${REDACTED} denied`);
    expect(redact("key ab…tail denied")).toBe(`key ${REDACTED} denied`);
  });

  it("leaves ordinary text alone and ignores tiny keys", () => {
    expect(createRedactor("sk1")("Model not found: sk1-ish")).toBe("Model not found: sk1-ish");
    expect(createRedactor("a-long-enough-key")("Rate limit exceeded...")).toBe(
      "Rate limit exceeded...",
    );
  });
});
