import { batchForEmbedding } from "../providers/openai/embedding-batches.js";
import type { EmbeddingModel } from "../providers/spec/index.js";

/** Vectors of one chapter's passages and the model that actually made them. */
export interface EmbeddedTexts {
  /** "<provider>:<modelId>" of the model that answered (after any fallback). */
  ref: string;
  dimensions: number;
  vectors: Float32Array[];
}

/**
 * What the indexer and retriever need from an embedder. `embed` is called once per chapter,
 * so every chapter's vectors come from one model even when a chain falls back halfway
 * through a book; the index records that model per chapter.
 */
export interface PassageEmbedder {
  /** What was asked for (a chain names its first link). */
  readonly label: string;
  embed(texts: string[]): Promise<EmbeddedTexts>;
}

export const LOCAL_EMBEDDER_REF = "local:hashed-v1";

/** The offline embedder: hashed word features, no network, deterministic. */
export async function localEmbedder(): Promise<PassageEmbedder> {
  const { embedMany, LOCAL_HASHED_DIMENSIONS } = await import(
    "../providers/local/hashed/local-hashed.js"
  );
  // Straight to typed arrays: the spec's `number[][]` would copy every vector twice.
  return {
    label: LOCAL_EMBEDDER_REF,
    async embed(texts) {
      return {
        ref: LOCAL_EMBEDDER_REF,
        dimensions: LOCAL_HASHED_DIMENSIONS,
        vectors: embedMany(texts),
      };
    },
  };
}

/**
 * Any `EmbeddingModel` (e.g. a resilient, metered chain): batched to the API's limits.
 * When a chain's batches within one chapter were answered by different models, the chapter
 * is embedded again so its vectors stay in one space.
 */
export function modelEmbedder(
  model: EmbeddingModel,
  options: {
    fixedDimensions?: number;
    routeOf?: (result: unknown) => { provider: string; modelId: string } | undefined;
  } = {},
): PassageEmbedder {
  const label = `${model.provider}:${model.modelId}`;
  const refOf = (result: unknown): string => {
    const route = options.routeOf?.(result);
    return route ? `${route.provider}:${route.modelId}` : label;
  };
  const once = async (texts: string[]): Promise<EmbeddedTexts | null> => {
    const { batches } = batchForEmbedding(texts, { maxItems: model.maxEmbeddingsPerCall });
    const vectors: Float32Array[] = new Array(texts.length);
    let ref: string | null = null;
    for (const batch of batches) {
      const result = await model.doEmbed({ values: batch.values });
      const answered = refOf(result);
      if (ref !== null && answered !== ref) return null;
      ref = answered;
      batch.indices.forEach((index, position) => {
        const vector = result.embeddings[position];
        if (!vector) throw new Error(`${answered} returned fewer embeddings than inputs`);
        vectors[index] = Float32Array.from(vector);
      });
    }
    const dimensions = options.fixedDimensions ?? vectors[0]?.length ?? 0;
    return { ref: ref ?? label, dimensions, vectors };
  };
  return {
    label,
    async embed(texts) {
      if (texts.length === 0)
        return { ref: label, dimensions: options.fixedDimensions ?? 0, vectors: [] };
      for (let attempt = 0; attempt < 3; attempt++) {
        const embedded = await once(texts);
        if (embedded) return embedded;
      }
      throw new Error(`${label}: the embedding chain kept switching models within one chapter`);
    },
  };
}
