export {
  batchForEmbedding,
  EMBEDDING_LIMITS,
  type EmbeddingBatch,
  type EmbeddingBatches,
  type EmbeddingBatchLimits,
  estimateTokens,
} from "./embedding-batches.js";
export {
  MAX_EMBEDDINGS_PER_CALL,
  type OpenAIEmbeddingModelSettings,
} from "./openai-embedding-model.js";
export {
  createOpenAICompatible,
  DEFAULT_BASE_URLS,
  DEFAULT_TIMEOUT_MS,
  type OpenAICompatibleProvider,
  type OpenAICompatibleSettings,
  openAICompatibleFromEnv,
} from "./openai-provider.js";
export type { OpenAITextModelSettings } from "./openai-text-model.js";
export {
  parseStructured,
  responseFormatFromZod,
  type StructuredSource,
} from "./structured-output.js";
