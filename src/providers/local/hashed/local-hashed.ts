import type {
  EmbeddingCallOptions,
  EmbeddingModel,
  EmbeddingResult,
} from "../../spec/embedding-model.js";
import type { Warning } from "../../spec/shared.js";
import { abortedError } from "../local-shared.js";
import {
  denseUnitVector,
  type FeatureBuckets,
  featureBucketsOf,
  featureBucketsOfWords,
} from "./hashed-features.js";
import { tokenize } from "./tokenize.js";

/**
 * 1,024 buckets. Measured on vector-only retrieval of 300 perturbed 8–12-word spans per book
 * (source chapter in the top 5, IDF-weighted queries): War and Peace 92.0% at 512, 96.3% at 768,
 * 98.3% at 1,024, 99.7% at 2,048; Pride and Prejudice 96.0 / 97.0 / 98.0 / 99.3%. 1,024 is where
 * collisions stop costing much; 2,048 doubles the index (16 → 32 MB for War and Peace) and the
 * brute-force query time for the last point and a half. Embedding speed hardly depends on it.
 */
export const LOCAL_HASHED_DIMENSIONS = 1024;
export const LOCAL_HASHED_MODEL_ID = "hashed-v1";

/** Bucket → signed sublinear term frequency; the sparse form of a document vector before norming. */
export function featureBuckets(text: string): FeatureBuckets {
  return featureBucketsOf(text, LOCAL_HASHED_DIMENSIONS);
}

/** A document vector: unit length, no IDF, so it depends on this text alone. */
export function embedOne(text: string): Float32Array {
  return denseUnitVector(featureBuckets(text), LOCAL_HASHED_DIMENSIONS);
}

/** The fast path for the index: typed arrays, no `number[]` copies. */
export function embedMany(values: readonly string[]): Float32Array[] {
  return values.map(embedOne);
}

/**
 * A query vector with each bucket scaled by the book's IDF for it (computed by the index over
 * its passages' `featureBuckets`), then unit length. IDF sits on the query side only, so that
 * re-indexing one chapter never changes another chapter's vectors; cosine with a document
 * vector is then Σ tf·idf·tf, the classic asymmetric weighting. Rare words (names) dominate.
 */
export function embedWeighted(
  text: string,
  idfForBucket: (bucket: number) => number,
): Float32Array {
  return denseUnitVector(featureBuckets(text), LOCAL_HASHED_DIMENSIONS, idfForBucket);
}

/**
 * The offline default embedder (`local:hashed-v1`): hashed word and word-pair features, no
 * network, no model download, deterministic across runs and machines.
 */
export class LocalHashedEmbeddingModel implements EmbeddingModel {
  readonly specificationVersion = "v1" as const;
  readonly modality = "embedding" as const;
  readonly provider = "local";
  readonly modelId = LOCAL_HASHED_MODEL_ID;
  readonly dimensions = LOCAL_HASHED_DIMENSIONS;
  /** Nothing is sent anywhere; the cap only bounds one call's memory (4,096 × 4 KB vectors). */
  readonly maxEmbeddingsPerCall = 4096;

  async doEmbed(options: EmbeddingCallOptions): Promise<EmbeddingResult> {
    if (options.abortSignal?.aborted) throw abortedError(this.modelId);
    if (options.values.length > this.maxEmbeddingsPerCall)
      throw new RangeError(
        `local:${this.modelId} embeds at most ${this.maxEmbeddingsPerCall} values per call, got ${options.values.length}`,
      );
    const warnings: Warning[] = [];
    if (options.dimensions !== undefined && options.dimensions !== this.dimensions) {
      warnings.push({
        type: "unsupported-setting",
        setting: "dimensions",
        message: `local:${this.modelId} always returns ${this.dimensions} dimensions`,
      });
    }
    let tokens = 0;
    const embeddings = options.values.map((value) => {
      const words = tokenize(value);
      tokens += words.length;
      const buckets = featureBucketsOfWords(words, LOCAL_HASHED_DIMENSIONS);
      return Array.from(denseUnitVector(buckets, LOCAL_HASHED_DIMENSIONS));
    });
    return {
      embeddings,
      usage: { tokens },
      warnings,
      response: { modelId: this.modelId, timestamp: new Date() },
    };
  }
}
