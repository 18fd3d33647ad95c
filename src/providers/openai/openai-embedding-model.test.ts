import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from "../../../test/emulators/openai-compatible.js";
import { batchForEmbedding } from "./embedding-batches.js";
import { createOpenAICompatible } from "./openai-provider.js";

const KEY = "sk-proj-embedding-test-key-5555";
let emulator: OpenAICompatibleEmulator;

beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator({ dialect: "openai", apiKey: KEY });
});
afterAll(() => emulator.close());
afterEach(() => {
  emulator.clearFaults();
  emulator.requests.length = 0;
});

function openai() {
  return createOpenAICompatible({ provider: "openai", baseURL: `${emulator.url}/v1`, apiKey: KEY });
}

describe("OpenAI-compatible embedding model", () => {
  it("returns one vector per input, in input order, with the requested dimensions", async () => {
    const model = openai().embedding("text-embedding-3-small", { dimensions: 256 });
    const values = ["the lighthouse", "a storm at sea", "the lighthouse"];
    const result = await model.doEmbed({ values });

    expect(emulator.count("/embeddings")).toBe(1);
    expect(emulator.requests[0]!.path).toBe("/v1/embeddings");
    expect(emulator.requests[0]!.json).toEqual({
      model: "text-embedding-3-small",
      input: values,
      encoding_format: "float",
      dimensions: 256,
    });
    expect(result.embeddings).toHaveLength(3);
    for (const vector of result.embeddings) expect(vector).toHaveLength(256);
    expect(result.embeddings[0]).toEqual(result.embeddings[2]);
    expect(result.embeddings[0]).not.toEqual(result.embeddings[1]);
    expect(result.usage.tokens).toBeGreaterThan(0);
    expect(result.response.modelId).toBe("text-embedding-3-small");
    expect(model.maxEmbeddingsPerCall).toBe(2048);
  });

  it("orders vectors by data[].index, not by position in the reply", async () => {
    const model = openai().embedding("text-embedding-3-small", { dimensions: 8 });
    const inOrder = await model.doEmbed({ values: ["one", "two", "three"] });
    const reply = JSON.stringify({
      object: "list",
      model: "text-embedding-3-small",
      data: [2, 0, 1].map((index) => ({
        object: "embedding",
        index,
        embedding: inOrder.embeddings[index],
      })),
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
    emulator.inject({ fault: { kind: "malformed", body: reply } });
    const shuffled = await model.doEmbed({ values: ["one", "two", "three"] });
    expect(shuffled.embeddings).toEqual(inOrder.embeddings);
    expect(shuffled.usage.tokens).toBe(3);
  });

  it("a reply missing an input's vector is malformed", async () => {
    emulator.inject({
      fault: {
        kind: "malformed",
        body: JSON.stringify({
          object: "list",
          data: [{ index: 0, embedding: [0.1] }],
          model: "m",
        }),
      },
    });
    const error = await openai()
      .embedding("text-embedding-3-small")
      .doEmbed({ values: ["a", "b"] })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "ProviderError", failure: "malformed" });
  });

  it("429 is rate-limit with retryAfterMs and no SDK retry", async () => {
    emulator.inject({ fault: { kind: "status", status: 429, retryAfterSeconds: 2 } });
    const error = await openai()
      .embedding("text-embedding-3-small")
      .doEmbed({ values: ["a"] })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ failure: "rate-limit", retryAfterMs: 2_000 });
    expect(emulator.count("/embeddings")).toBe(1);
  });

  it("does not send dimensions to ada-002, and says so", async () => {
    const result = await openai()
      .embedding("text-embedding-ada-002", { dimensions: 256 })
      .doEmbed({ values: ["a"] });
    expect(emulator.requests[0]!.json).not.toHaveProperty("dimensions");
    expect(result.embeddings[0]).toHaveLength(1536);
    expect(result.warnings).toEqual([expect.objectContaining({ setting: "dimensions" })]);
  });

  it("refuses more inputs than one call may carry, without calling", async () => {
    const model = openai().embedding("text-embedding-3-small");
    await expect(
      model.doEmbed({ values: Array.from({ length: 2049 }, () => "x") }),
    ).rejects.toThrow(RangeError);
    expect(emulator.count("/embeddings")).toBe(0);
  });

  it("embeds batched inputs within the server's per-request limits", async () => {
    const model = openai().embedding("text-embedding-3-small", { dimensions: 4 });
    // 120 passages of ~5,000 tokens: 600k tokens, over twice the 300k per-request ceiling.
    const values = Array.from({ length: 120 }, (_, index) => `${index} `.padEnd(20_000, "word "));
    const { batches } = batchForEmbedding(values);
    const vectors: number[][] = new Array(values.length);
    for (const batch of batches) {
      const result = await model.doEmbed({ values: batch.values });
      batch.indices.forEach((index, position) => {
        vectors[index] = result.embeddings[position]!;
      });
    }
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(emulator.count("/embeddings")).toBe(batches.length);
    expect(vectors.every((vector) => vector.length === 4)).toBe(true);
    const single = await model.doEmbed({ values: [values[77]!] });
    expect(vectors[77]).toEqual(single.embeddings[0]);
  });
});
