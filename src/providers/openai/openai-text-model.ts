import { ProviderError } from "../provider-error.js";
import { SPECIFICATION_VERSION, type Warning } from "../spec/shared.js";
import type { FinishReason, TextCallOptions, TextModel, TextResult } from "../spec/text-model.js";
import {
  type ChatCompletionRequestBody,
  type ChatCompletionResponse,
  chatCompletionResponseSchema,
  keptHeaders,
} from "./openai-api-types.js";
import { type ClientContext, requestOptions, safeCallHeaders } from "./openai-client.js";
import {
  type ErrorContext,
  errorFromReplyBody,
  mapOpenAIError,
  throwIfErrorEnvelope,
} from "./openai-error.js";

export interface OpenAITextModelSettings {
  /** Per-request timeout; defaults to the provider's. */
  timeoutMs?: number;
}

/** Chat completions through the `openai` SDK (OpenRouter, OpenAI or any compatible server). */
export class OpenAICompatibleTextModel implements TextModel {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly modality = "text" as const;
  readonly provider: string;
  readonly modelId: string;
  readonly #context: ClientContext;
  readonly #settings: OpenAITextModelSettings;

  constructor(modelId: string, context: ClientContext, settings: OpenAITextModelSettings = {}) {
    this.modelId = modelId;
    this.provider = context.provider;
    this.#context = context;
    this.#settings = settings;
  }

  async doGenerate(options: TextCallOptions): Promise<TextResult> {
    const warnings: Warning[] = [];
    const body = this.#requestBody(options);
    const headers = safeCallHeaders(options.headers, warnings);
    const errorContext = this.#errorContext();
    let reply: { data: unknown; response: Response };
    try {
      const client = await this.#context.client();
      // `provider` is an OpenRouter extra the SDK's types do not know; the SDK sends the body as given.
      reply = await client.chat.completions
        .create(
          body as unknown as Parameters<typeof client.chat.completions.create>[0],
          requestOptions(options.abortSignal, this.#settings.timeoutMs, headers),
        )
        .withResponse();
    } catch (error) {
      throw mapOpenAIError(error, errorContext);
    }
    return this.#result(reply.data, reply.response.headers, warnings, errorContext);
  }

  #requestBody(options: TextCallOptions): ChatCompletionRequestBody {
    const body: ChatCompletionRequestBody = {
      model: this.modelId,
      messages: options.messages.map((message) => ({
        role: message.role,
        content: message.content,
      })),
    };
    if (options.temperature !== undefined) body.temperature = options.temperature;
    if (options.maxOutputTokens !== undefined) body.max_tokens = options.maxOutputTokens;
    if (options.seed !== undefined) body.seed = options.seed;
    if (options.responseFormat) {
      body.response_format = {
        type: "json_schema",
        json_schema: {
          name: options.responseFormat.name,
          strict: true,
          schema: options.responseFormat.schema,
        },
      };
      // Without this OpenRouter may route to a provider that ignores response_format (api-notes §1).
      if (this.provider === "openrouter") body.provider = { require_parameters: true };
    }
    return body;
  }

  #result(
    data: unknown,
    headers: Headers,
    warnings: Warning[],
    errorContext: ErrorContext,
  ): TextResult {
    throwIfErrorEnvelope(data, errorContext);
    const parsed = chatCompletionResponseSchema.safeParse(data);
    if (!parsed.success) {
      throw new ProviderError({
        provider: this.provider,
        modelId: this.modelId,
        failure: "malformed",
        detail: `the reply was not a chat completion (${describeShape(data)})`,
      });
    }
    const reply = parsed.data;
    const choice = reply.choices[0]!;
    if (choice.error) throw errorFromReplyBody(choice.error, errorContext);
    const content = choice.message?.content;
    if (typeof content !== "string") {
      const refusal = choice.message?.refusal;
      throw new ProviderError({
        provider: this.provider,
        modelId: this.modelId,
        failure: refusal ? "content-filter" : "malformed",
        detail: refusal
          ? `the model refused: ${errorContext.redact(refusal).slice(0, 200)}`
          : "the reply had no message content",
      });
    }
    return {
      text: content,
      finishReason: mapFinishReason(choice.finish_reason),
      usage: usageOf(reply),
      providerCostUsd: reply.usage?.cost ?? undefined,
      warnings,
      response: {
        id: reply.id ?? undefined,
        // OpenRouter may answer with another model than the one asked for; the ledger prices this one.
        modelId: reply.model ?? this.modelId,
        timestamp: typeof reply.created === "number" ? new Date(reply.created * 1000) : new Date(),
        headers: keptHeaders(headers),
      },
    };
  }

  #errorContext(): ErrorContext {
    return { provider: this.provider, modelId: this.modelId, redact: this.#context.redact };
  }
}

export function mapFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "content_filter":
      return "content-filter";
    case "error":
      return "error";
    default:
      // tool_calls (we send no tools), function_call, null and unknown values
      return "other";
  }
}

function usageOf(reply: ChatCompletionResponse): TextResult["usage"] {
  // Unknown stays undefined: a server that reports no usage must not be billed as free.
  return {
    inputTokens: reply.usage?.prompt_tokens ?? undefined,
    outputTokens: reply.usage?.completion_tokens ?? undefined,
  };
}

function describeShape(data: unknown): string {
  if (typeof data === "string") return `text of ${data.length} characters`;
  if (data === null || data === undefined) return "empty body";
  if (typeof data !== "object") return typeof data;
  const choices = (data as { choices?: unknown }).choices;
  if (Array.isArray(choices) && choices.length === 0) return "no choices";
  if (choices === undefined) return "no choices field";
  return "unexpected fields";
}
