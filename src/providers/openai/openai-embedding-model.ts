import { ProviderError } from "../provider-error.js";
import type {
  EmbeddingCallOptions,
  EmbeddingModel,
  EmbeddingResult,
} from "../spec/embedding-model.js";
import { SPECIFICATION_VERSION, type Warning } from "../spec/shared.js";
import { embeddingResponseSchema, keptHeaders } from "./openai-api-types.js";
import { type ClientContext, requestOptions, safeCallHeaders } from "./openai-client.js";
import { type ErrorContext, mapOpenAIError, throwIfErrorEnvelope } from "./openai-error.js";

/** OpenAI's documented per-request limit (api-notes §2); `batchForEmbedding` splits below it. */
export const MAX_EMBEDDINGS_PER_CALL = 2048;

export interface OpenAIEmbeddingModelSettings {
  /** Default vector length (text-embedding-3-* can shorten vectors); a call may override it. */
  dimensions?: number;
  timeoutMs?: number;
}

/** `POST /embeddings` through the `openai` SDK. */
export class OpenAICompatibleEmbeddingModel implements EmbeddingModel {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly modality = "embedding" as const;
  readonly maxEmbeddingsPerCall = MAX_EMBEDDINGS_PER_CALL;
  readonly provider: string;
  readonly modelId: string;
  readonly #context: ClientContext;
  readonly #settings: OpenAIEmbeddingModelSettings;

  constructor(
    modelId: string,
    context: ClientContext,
    settings: OpenAIEmbeddingModelSettings = {},
  ) {
    this.modelId = modelId;
    this.provider = context.provider;
    this.#context = context;
    this.#settings = settings;
  }

  async doEmbed(options: EmbeddingCallOptions): Promise<EmbeddingResult> {
    if (options.values.length > this.maxEmbeddingsPerCall) {
      // A caller bug, not a provider failure: falling back would not help.
      throw new RangeError(
        `${options.values.length} inputs exceed ${this.maxEmbeddingsPerCall} per call; batch them with batchForEmbedding()`,
      );
    }
    const warnings: Warning[] = [];
    if (options.values.length === 0) {
      return { embeddings: [], usage: { tokens: 0 }, warnings, response: this.#metadata() };
    }
    const input = options.values.map((value) => (value.length === 0 ? " " : value));
    if (options.values.some((value) => value.length === 0)) {
      warnings.push({
        type: "other",
        message: "empty inputs were sent as a single space (the API rejects empty strings)",
      });
    }
    const dimensions = this.#dimensions(options, warnings);
    const headers = safeCallHeaders(options.headers, warnings);

    const errorContext: ErrorContext = {
      provider: this.provider,
      modelId: this.modelId,
      redact: this.#context.redact,
    };
    let reply: { data: unknown; response: Response };
    try {
      const client = await this.#context.client();
      reply = await client.embeddings
        .create(
          {
            model: this.modelId,
            input,
            // Explicit, because SDK v6 otherwise asks for base64 and decodes it itself.
            encoding_format: "float",
            ...(dimensions === undefined ? {} : { dimensions }),
          },
          requestOptions(options.abortSignal, this.#settings.timeoutMs, headers),
        )
        .withResponse();
    } catch (error) {
      throw mapOpenAIError(error, errorContext);
    }
    return this.#result(reply.data, reply.response.headers, input.length, warnings, errorContext);
  }

  #dimensions(options: EmbeddingCallOptions, warnings: Warning[]): number | undefined {
    const dimensions = options.dimensions ?? this.#settings.dimensions;
    if (dimensions !== undefined && /ada-002/.test(this.modelId)) {
      warnings.push({
        type: "unsupported-setting",
        setting: "dimensions",
        message: `${this.modelId} has a fixed vector length; dimensions was not sent`,
      });
      return undefined;
    }
    return dimensions;
  }

  #result(
    data: unknown,
    headers: Headers,
    expected: number,
    warnings: Warning[],
    errorContext: ErrorContext,
  ): EmbeddingResult {
    throwIfErrorEnvelope(data, errorContext);
    const parsed = embeddingResponseSchema.safeParse(data);
    const ordered = parsed.success
      ? [...parsed.data.data].sort((left, right) => left.index - right.index)
      : [];
    // Every input must come back exactly once, or vectors would be pinned to the wrong text.
    const complete =
      ordered.length === expected && ordered.every((item, position) => item.index === position);
    if (!parsed.success || !complete) {
      throw new ProviderError({
        provider: this.provider,
        modelId: this.modelId,
        failure: "malformed",
        detail: parsed.success
          ? `expected ${expected} embeddings indexed 0…${expected - 1}, got ${ordered.length}`
          : "the reply was not an embedding list",
      });
    }
    const reply = parsed.data;
    return {
      embeddings: ordered.map((item) => item.embedding),
      usage: { tokens: reply.usage?.prompt_tokens ?? undefined },
      providerCostUsd: reply.usage?.cost ?? undefined,
      warnings,
      response: { ...this.#metadata(reply.model ?? undefined), headers: keptHeaders(headers) },
    };
  }

  #metadata(modelId?: string): EmbeddingResult["response"] {
    return { modelId: modelId ?? this.modelId, timestamp: new Date() };
  }
}
