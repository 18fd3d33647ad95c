import { describe, expect, it } from "vitest";
import { batchForEmbedding, EMBEDDING_LIMITS, estimateTokens } from "./embedding-batches.js";

describe("batchForEmbedding", () => {
  it("splits by the token budget, keeping order and original positions", () => {
    const values = Array.from({ length: 5 }, (_, index) => `${index}`.padEnd(400, "a")); // 100 tokens each
    const { batches, warnings } = batchForEmbedding(values, { maxTokens: 250 });
    expect(batches.map((batch) => batch.indices)).toEqual([[0, 1], [2, 3], [4]]);
    expect(batches.map((batch) => batch.estimatedTokens)).toEqual([200, 200, 100]);
    expect(batches.flatMap((batch) => batch.values)).toEqual(values);
    expect(warnings).toEqual([]);
  });

  it("splits by item count", () => {
    const values = Array.from({ length: 4097 }, () => "short");
    const { batches } = batchForEmbedding(values);
    expect(batches.map((batch) => batch.values.length)).toEqual([2048, 2048, 1]);
  });

  it("stays under the documented per-request token ceiling by default", () => {
    const values = Array.from({ length: 100 }, () => "x".repeat(28_000)); // 7,000 tokens each
    const { batches } = batchForEmbedding(values);
    for (const batch of batches) expect(batch.estimatedTokens).toBeLessThanOrEqual(300_000);
    expect(batches.length).toBeGreaterThan(2);
    expect(EMBEDDING_LIMITS.maxTokens).toBeLessThan(300_000);
  });

  it("truncates an input over the per-input limit, with a warning", () => {
    const { batches, warnings } = batchForEmbedding(["ok", "y".repeat(40_000)], {
      maxTokensPerInput: 1_000,
    });
    expect(batches[0]!.values[1]).toHaveLength(4_000);
    expect(warnings).toEqual([
      expect.objectContaining({ message: expect.stringContaining("input 1") }),
    ]);
  });

  it("rejects an oversized input when asked to", () => {
    expect(() =>
      batchForEmbedding(["y".repeat(40_000)], { maxTokensPerInput: 1_000, oversized: "reject" }),
    ).toThrow(/input 0/);
  });

  it("counts non-Latin text conservatively", () => {
    expect(estimateTokens("abcdefgh")).toBe(2);
    expect(estimateTokens("日本語の本")).toBe(5);
    expect(estimateTokens("Война и мир")).toBeGreaterThan(Math.ceil("Война и мир".length / 4));
  });

  it("never splits a surrogate pair when truncating", () => {
    const { batches } = batchForEmbedding(["😀".repeat(10)], { maxTokensPerInput: 3 });
    expect(batches[0]!.values[0]).toBe("😀😀😀");
  });
});
