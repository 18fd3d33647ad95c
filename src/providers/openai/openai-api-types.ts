import { z } from "zod";
import { keptHeaders as keptHeadersFrom } from "../http-helpers.js";

/**
 * The reply shapes we read from OpenAI-compatible servers (api-notes §1, §2). The SDK's types
 * promise these shapes but do not check them, and OpenRouter adds fields the SDK does not
 * know (`usage.cost`, choice-level `error`), so every reply is validated here: a reply that
 * does not match is `malformed`, not a crash deeper down. Objects are loose because servers
 * add fields freely.
 */

/** `{code, message, metadata?}` (OpenRouter) or `{message, type, param, code}` (OpenAI). */
export const providerErrorDetailSchema = z.looseObject({
  code: z.union([z.number(), z.string()]).nullish(),
  message: z.string().nullish(),
  type: z.string().nullish(),
  param: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
export type ProviderErrorDetail = z.infer<typeof providerErrorDetailSchema>;

const chatUsageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  /** OpenRouter: the cost of this call in (dollar-denominated) credits. */
  cost: z.number().nullish(),
});

const chatChoiceSchema = z.looseObject({
  index: z.number().nullish(),
  finish_reason: z.string().nullish(),
  native_finish_reason: z.string().nullish(),
  message: z
    .looseObject({
      role: z.string().nullish(),
      content: z.string().nullish(),
      refusal: z.string().nullish(),
    })
    .nullish(),
  /** OpenRouter: an error after generation started, delivered with HTTP 200. */
  error: providerErrorDetailSchema.nullish(),
});

export const chatCompletionResponseSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  created: z.number().nullish(),
  choices: z.array(chatChoiceSchema).min(1),
  usage: chatUsageSchema.nullish(),
});
export type ChatCompletionResponse = z.infer<typeof chatCompletionResponseSchema>;

const errorEnvelopeSchema = z.looseObject({ error: providerErrorDetailSchema });

/** Some gateways answer HTTP 200 with a request-level `{error: {…}}` envelope and no choices. */
export function errorEnvelopeOf(data: unknown): ProviderErrorDetail | undefined {
  const parsed = errorEnvelopeSchema.safeParse(data);
  return parsed.success ? parsed.data.error : undefined;
}

export const embeddingResponseSchema = z.looseObject({
  model: z.string().nullish(),
  data: z.array(
    z.looseObject({
      index: z.number().int().nonnegative(),
      embedding: z.array(z.number()),
    }),
  ),
  usage: z
    .looseObject({
      prompt_tokens: z.number().nullish(),
      total_tokens: z.number().nullish(),
      cost: z.number().nullish(),
    })
    .nullish(),
});
export type EmbeddingResponse = z.infer<typeof embeddingResponseSchema>;

/** The request body we send for chat completions (the OpenAI shape plus OpenRouter's `provider`). */
export interface ChatCompletionRequestBody {
  model: string;
  messages: Array<{ role: "system" | "user" | "assistant"; content: string }>;
  temperature?: number;
  max_tokens?: number;
  seed?: number;
  response_format?: {
    type: "json_schema";
    json_schema: { name: string; strict: true; schema: Record<string, unknown> };
  };
  /** OpenRouter routing: only providers that honour every sent parameter. */
  provider?: { require_parameters: true };
}

/** Response headers worth keeping in result metadata (never auth or cookies). */
export const KEPT_RESPONSE_HEADERS = [
  "x-request-id",
  "openai-processing-ms",
  "x-ratelimit-limit-requests",
  "x-ratelimit-remaining-requests",
  "x-ratelimit-limit-tokens",
  "x-ratelimit-remaining-tokens",
] as const;

export function keptHeaders(headers: Headers): Record<string, string> | undefined {
  const kept = keptHeadersFrom(headers, KEPT_RESPONSE_HEADERS);
  return Object.keys(kept).length > 0 ? kept : undefined;
}
