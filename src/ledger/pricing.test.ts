import { describe, expect, it } from "vitest";
import { defaultPrices } from "../config/defaults.js";
import { estimateTokens, estimateUsage } from "./estimate.js";
import { costOf, priceOf } from "./pricing.js";

describe("pricing", () => {
  it("prices each modality from its own unit", () => {
    const cases: Array<[string, Parameters<typeof priceOf>[2], number]> = [
      ["openrouter:openai/gpt-4o", { inputTokens: 1_000_000, outputTokens: 100_000 }, 2.5 + 1],
      ["openai:text-embedding-3-small", { tokens: 500_000 }, 0.01],
      ["modelslab:seedream-4.5", { images: 2 }, 0.08],
      ["modelslab:veo2", { videoSeconds: 8 }, 4],
      ["elevenlabs:eleven_multilingual_v2", { characters: 2500 }, 0.25],
    ];
    for (const [ref, units, usd] of cases) {
      const [provider, ...rest] = ref.split(":");
      expect(priceOf(provider!, rest.join(":"), units, defaultPrices), ref).toBeCloseTo(usd, 9);
    }
  });

  it("never bills unknown usage as zero: it takes the estimate and flags it", () => {
    const cost = costOf({
      provider: "openrouter",
      modelId: "openai/gpt-4o",
      usage: { inputTokens: 100 },
      estimate: { inputTokens: 120, outputTokens: 2000 },
      prices: defaultPrices,
    });
    expect(cost.estimatedFields).toEqual(["outputTokens"]);
    expect(cost.units).toEqual({ inputTokens: 100, outputTokens: 2000 });
    expect(cost.usd).toBeCloseTo((100 * 2.5 + 2000 * 10) / 1e6, 12);
    expect(cost.source).toBe("price-table");
  });

  it("uses the provider's own figure when it gives one", () => {
    const cost = costOf({
      provider: "openrouter",
      modelId: "openai/gpt-4o",
      usage: {},
      providerCostUsd: 0.0042,
      prices: defaultPrices,
    });
    expect(cost).toMatchObject({ usd: 0.0042, source: "provider", estimatedFields: [] });
  });

  it("bills local models as free and flags paid models without a price", () => {
    expect(
      costOf({
        provider: "local",
        modelId: "espeak",
        usage: { characters: 10 },
        prices: defaultPrices,
      }),
    ).toMatchObject({
      usd: 0,
      source: "free",
    });
    expect(
      costOf({
        provider: "openrouter",
        modelId: "new/model",
        usage: { inputTokens: 5 },
        prices: defaultPrices,
      }),
    ).toMatchObject({
      usd: 0,
      unpriced: true,
    });
  });
});

describe("estimates", () => {
  it("errs on the high side for tokens, in Latin and CJK text", () => {
    expect(estimateTokens("The quick brown fox jumps over the lazy dog.")).toBeGreaterThanOrEqual(
      10,
    );
    expect(estimateTokens("吾輩は猫である。名前はまだ無い。")).toBe(16);
  });

  it("estimates each modality's billable units", () => {
    expect(
      estimateUsage("text", {
        messages: [{ role: "user", content: "a".repeat(300) }],
        maxOutputTokens: 50,
      }),
    ).toEqual({
      inputTokens: 104,
      outputTokens: 50,
    });
    expect(
      estimateUsage("text", { messages: [{ role: "user", content: "hi" }] }).outputTokens,
    ).toBe(4096);
    expect(estimateUsage("embedding", { values: ["abc", "def"] })).toEqual({ tokens: 2 });
    expect(estimateUsage("image", { prompt: "x", width: 1, height: 1 })).toEqual({ images: 1 });
    expect(estimateUsage("video", { durationSeconds: 6 })).toEqual({ videoSeconds: 6 });
    // ModelsLab bills max(1, round(s)): the estimate must never be below that.
    expect(estimateUsage("video", { durationSeconds: 4.4 })).toEqual({ videoSeconds: 5 });
    expect(estimateUsage("video", { durationSeconds: 4.6 })).toEqual({ videoSeconds: 5 });
    expect(estimateUsage("video", { durationSeconds: 0.2 })).toEqual({ videoSeconds: 1 });
    expect(estimateUsage("speech", { text: "Grüß Gott", voiceId: "v" })).toEqual({ characters: 9 });
  });
});
