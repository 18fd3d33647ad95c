/**
 * Shapes every provider spec shares (DESIGN.md §6). Unknown is `undefined`, never 0: a
 * provider that reports no token count must not be billed as free.
 */
export const SPECIFICATION_VERSION = "v1" as const;

export type Modality = "text" | "embedding" | "image" | "video" | "speech";

export interface Warning {
  /** `unsupported-setting`: the provider ignored a setting; the call still happened. */
  type: "unsupported-setting" | "other";
  setting?: string;
  message: string;
}

/** Billable units of one call. Which fields apply depends on the modality. */
export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  /** Embedding tokens. */
  tokens?: number;
  images?: number;
  videoSeconds?: number;
  characters?: number;
}

export interface ResponseMetadata {
  /** The provider's id of the generation/request, when it gives one. */
  id?: string;
  /** The model that actually answered (OpenRouter may route elsewhere). */
  modelId: string;
  timestamp: Date;
  /** Selected response headers (never auth headers). */
  headers?: Record<string, string>;
}

/** Every result carries these (STYLE.md: vercel/ai provider specs). */
export interface ResultBase {
  usage: Usage;
  /** Cost the provider itself reported, in USD (OpenRouter `usage.cost`); undefined when not given. */
  providerCostUsd?: number;
  warnings: Warning[];
  response: ResponseMetadata;
}

export interface CallOptionsBase {
  abortSignal?: AbortSignal;
  /** Extra HTTP headers, e.g. attribution; never used for keys. */
  headers?: Record<string, string>;
}

export interface ModelBase {
  readonly specificationVersion: typeof SPECIFICATION_VERSION;
  readonly modality: Modality;
  /** e.g. "openrouter", "openai", "modelslab", "elevenlabs", "local". */
  readonly provider: string;
  readonly modelId: string;
}
