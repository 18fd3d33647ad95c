import type { CallOptionsBase, ModelBase, ResultBase } from "./shared.js";

export interface EmbeddingCallOptions extends CallOptionsBase {
  values: string[];
  /** Shorten vectors where the model supports it (text-embedding-3-*). */
  dimensions?: number;
}

export interface EmbeddingResult extends ResultBase {
  /** One vector per input, in input order. */
  embeddings: number[][];
}

export interface EmbeddingModel extends ModelBase {
  readonly modality: "embedding";
  /** Most inputs one call may carry (the caller batches). */
  readonly maxEmbeddingsPerCall: number;
  doEmbed(options: EmbeddingCallOptions): Promise<EmbeddingResult>;
}
