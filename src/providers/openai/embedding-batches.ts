import type { Warning } from "../spec/shared.js";

/**
 * Splits embedding inputs into requests the API accepts (api-notes §2): at most 2048 inputs,
 * at most 300,000 tokens summed over one request, at most 8192 tokens per input. OpenAI
 * counts all three, so batching by item count alone fails on long passages.
 *
 * Tokens are *estimated*, without shipping a tokenizer: ASCII characters count a quarter
 * token each (≈ 4 characters per token for English with cl100k/o200k), every other code point
 * counts one whole token. That over-counts Cyrillic, Greek and accented Latin and roughly
 * matches CJK, so the estimate errs on the safe side for non-English books. Budgets are kept
 * at 90% of the documented limits by default as a margin for the estimate.
 */
export interface EmbeddingBatchLimits {
  maxItems?: number;
  maxTokens?: number;
  maxTokensPerInput?: number;
  /** Inputs over `maxTokensPerInput`: cut to fit with a warning (default) or throw. */
  oversized?: "truncate" | "reject";
}

export interface EmbeddingBatch {
  /** The inputs to send, in order. */
  values: string[];
  /** Position of each value in the caller's input list. */
  indices: number[];
  estimatedTokens: number;
}

export interface EmbeddingBatches {
  batches: EmbeddingBatch[];
  warnings: Warning[];
}

const SAFETY = 0.9;
export const EMBEDDING_LIMITS = {
  maxItems: 2048,
  maxTokens: Math.floor(300_000 * SAFETY),
  maxTokensPerInput: Math.floor(8192 * SAFETY),
} as const;

export function estimateTokens(text: string): number {
  let quarterTokens = 0;
  for (const character of text) quarterTokens += character.charCodeAt(0) < 128 ? 1 : 4;
  return Math.ceil(quarterTokens / 4);
}

export function batchForEmbedding(
  values: readonly string[],
  limits: EmbeddingBatchLimits = {},
): EmbeddingBatches {
  const maxItems = limits.maxItems ?? EMBEDDING_LIMITS.maxItems;
  const maxTokens = limits.maxTokens ?? EMBEDDING_LIMITS.maxTokens;
  const maxTokensPerInput = Math.min(
    limits.maxTokensPerInput ?? EMBEDDING_LIMITS.maxTokensPerInput,
    maxTokens,
  );
  const warnings: Warning[] = [];
  const batches: EmbeddingBatch[] = [];
  let current: EmbeddingBatch = { values: [], indices: [], estimatedTokens: 0 };

  values.forEach((original, index) => {
    let value = original;
    let tokens = estimateTokens(value);
    if (tokens > maxTokensPerInput) {
      if (limits.oversized === "reject") {
        throw new RangeError(
          `embedding input ${index} is about ${tokens} tokens, over the ${maxTokensPerInput}-token limit`,
        );
      }
      value = truncateToTokens(value, maxTokensPerInput);
      warnings.push({
        type: "other",
        message: `embedding input ${index} (about ${tokens} tokens) was truncated to ${maxTokensPerInput} tokens`,
      });
      tokens = estimateTokens(value);
    }
    const full = current.values.length >= maxItems || current.estimatedTokens + tokens > maxTokens;
    if (full && current.values.length > 0) {
      batches.push(current);
      current = { values: [], indices: [], estimatedTokens: 0 };
    }
    current.values.push(value);
    current.indices.push(index);
    current.estimatedTokens += tokens;
  });
  if (current.values.length > 0) batches.push(current);
  return { batches, warnings };
}

/** The longest prefix (whole code points) whose estimate fits `maxTokens`. */
function truncateToTokens(text: string, maxTokens: number): string {
  const budget = maxTokens * 4;
  let quarterTokens = 0;
  let length = 0;
  for (const character of text) {
    const cost = character.charCodeAt(0) < 128 ? 1 : 4;
    if (quarterTokens + cost > budget) break;
    quarterTokens += cost;
    length += character.length;
  }
  return text.slice(0, length);
}
