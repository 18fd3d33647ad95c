import { describe, expect, it } from "vitest";
import {
  embedMany,
  embedOne,
  embedWeighted,
  featureBuckets,
  LOCAL_HASHED_DIMENSIONS,
  LocalHashedEmbeddingModel,
} from "./local-hashed.js";
import { tokenize } from "./tokenize.js";

const passageA =
  "Prince Andrew screwed up his eyes and turned away. Pierre, who from the moment Prince Andrew entered the room had watched him with glad, affectionate eyes, now came up and took his arm.";
const passageB =
  "It is a truth universally acknowledged, that a single man in possession of a good fortune must be in want of a wife, and his arm was in the room.";

function cosine(first: Float32Array | number[], second: Float32Array | number[]): number {
  let sum = 0;
  for (let index = 0; index < first.length; index++) sum += first[index]! * second[index]!;
  return sum;
}

describe("tokenize", () => {
  it("lower-cases, drops Latin accents and keeps other scripts' letters", () => {
    expect(tokenize("Bolkónski’s 3.14 Ёлка")).toEqual(["bolkonski", "s", "3", "14", "ёлка"]);
  });
  it("turns unspaced CJK runs into character bigrams", () => {
    expect(tokenize("吾輩は猫。猫 Tom")).toEqual(["吾輩", "輩は", "は猫", "猫", "tom"]);
  });
});

describe("LocalHashedEmbeddingModel", () => {
  it("gives identical unit vectors for identical texts, and a zero vector for no words", () => {
    const first = embedOne(passageA);
    expect(first.length).toBe(LOCAL_HASHED_DIMENSIONS);
    expect(Array.from(embedOne(passageA))).toEqual(Array.from(first));
    expect(cosine(first, first)).toBeCloseTo(1, 5);
    expect(Array.from(embedOne(" … ")).every((value) => value === 0)).toBe(true);
  });

  it("puts a lightly perturbed copy closer than another passage", () => {
    const perturbed = passageA.replace("glad, ", "").toLowerCase();
    expect(cosine(embedOne(passageA), embedOne(perturbed))).toBeGreaterThan(0.9);
    expect(cosine(embedOne(passageA), embedOne(passageB))).toBeLessThan(0.5);
  });

  it("tells word order apart through word pairs", () => {
    // Same two words, different pair: only the words' share of the weight is in common.
    expect(cosine(embedOne("dark night"), embedOne("night dark"))).toBeLessThan(0.8);
    expect(cosine(embedOne("dark night"), embedOne("Dark night!"))).toBeCloseTo(1, 5);
  });

  it("lets rare words dominate a weighted query", () => {
    const documents = ["the man and the house", "the man saw Natasha", "the house and the road"];
    const frequency = new Map<number, number>();
    for (const document of documents)
      for (const bucket of featureBuckets(document).keys())
        frequency.set(bucket, (frequency.get(bucket) ?? 0) + 1);
    const idf = (bucket: number) =>
      Math.log((documents.length + 1) / ((frequency.get(bucket) ?? 0) + 1)) + 1;
    const query = "the man Natasha";
    const weighted = embedWeighted(query, idf);
    expect(cosine(weighted, weighted)).toBeCloseTo(1, 5);
    const scores = embedMany(documents).map((vector) => cosine(weighted, vector));
    expect(scores[1]).toBeGreaterThan(scores[0]!);
    const natasha = embedWeighted("Natasha", idf);
    const common = embedWeighted("the", idf);
    const plain = embedOne(query);
    expect(cosine(weighted, natasha)).toBeGreaterThan(cosine(plain, natasha));
    expect(cosine(weighted, common)).toBeLessThan(cosine(plain, common));
  });

  it("implements the embedding spec deterministically with token usage", async () => {
    const model = new LocalHashedEmbeddingModel();
    expect(model).toMatchObject({
      specificationVersion: "v1",
      modality: "embedding",
      provider: "local",
      modelId: "hashed-v1",
    });
    const result = await model.doEmbed({ values: [passageA, passageB], dimensions: 64 });
    expect(result.embeddings).toHaveLength(2);
    expect(result.embeddings[0]).toEqual(Array.from(embedOne(passageA)));
    expect(result.usage.tokens).toBe(tokenize(passageA).length + tokenize(passageB).length);
    expect(result.providerCostUsd).toBeUndefined();
    expect(result.warnings).toEqual([expect.objectContaining({ setting: "dimensions" })]);
    expect(result.response.modelId).toBe("hashed-v1");
    const controller = new AbortController();
    controller.abort();
    await expect(
      model.doEmbed({ values: ["x"], abortSignal: controller.signal }),
    ).rejects.toMatchObject({ failure: "aborted" });
  });

  // Speed is measured by bench/rag.js (War and Peace embeds in ~0.3 s), not asserted here.
  it("embeds 4,000 passages of ~1,000 characters, one normalised vector each", () => {
    const passages = Array.from({ length: 4000 }, (_, index) =>
      `${passageA} ${passageB} ${passageA} ${passageB} number ${index}`.slice(0, 1000),
    );
    const vectors = embedMany(passages);
    expect(vectors).toHaveLength(4000);
    const norm = Math.hypot(...vectors[3999]!);
    expect(norm).toBeCloseTo(1, 5);
  });
});
