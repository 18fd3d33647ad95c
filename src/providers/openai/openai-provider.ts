import type { EmbeddingModel } from "../spec/embedding-model.js";
import type { TextModel } from "../spec/text-model.js";
import { type ClientContext, lazyClient } from "./openai-client.js";
import {
  OpenAICompatibleEmbeddingModel,
  type OpenAIEmbeddingModelSettings,
} from "./openai-embedding-model.js";
import { createRedactor } from "./openai-error.js";
import { OpenAICompatibleTextModel, type OpenAITextModelSettings } from "./openai-text-model.js";

/**
 * Factory for text and embedding models on any OpenAI-compatible server. `provider` names the
 * ledger's provider and switches OpenRouter's extras on (`provider.require_parameters` with
 * structured output); the wire format is otherwise the same.
 */
export interface OpenAICompatibleSettings {
  provider: "openrouter" | "openai" | (string & {});
  baseURL: string;
  apiKey: string;
  /** Sent with every request, e.g. OpenRouter attribution (`HTTP-Referer`, `X-OpenRouter-Title`). */
  headers?: Record<string, string>;
  /** Client timeout per request (default 120 s); models may set their own. */
  timeoutMs?: number;
}

export interface OpenAICompatibleProvider {
  readonly name: string;
  text(modelId: string, settings?: OpenAITextModelSettings): TextModel;
  embedding(modelId: string, settings?: OpenAIEmbeddingModelSettings): EmbeddingModel;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

export const DEFAULT_BASE_URLS: Readonly<Record<string, string>> = {
  openrouter: "https://openrouter.ai/api/v1",
  openai: "https://api.openai.com/v1",
};

export function createOpenAICompatible(
  settings: OpenAICompatibleSettings,
): OpenAICompatibleProvider {
  if (!settings.apiKey) throw new TypeError(`${settings.provider}: an API key is required`);
  // The key lives only in this closure and the SDK client: models and errors never hold it.
  const context: ClientContext = {
    provider: settings.provider,
    client: lazyClient({
      baseURL: settings.baseURL.replace(/\/+$/, ""),
      apiKey: settings.apiKey,
      headers: settings.headers,
      timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    }),
    redact: createRedactor(settings.apiKey),
  };
  return {
    name: settings.provider,
    text: (modelId, modelSettings) =>
      new OpenAICompatibleTextModel(modelId, context, modelSettings),
    embedding: (modelId, modelSettings) =>
      new OpenAICompatibleEmbeddingModel(modelId, context, modelSettings),
  };
}

/**
 * Reads `<PROVIDER>_API_KEY` and `<PROVIDER>_BASE_URL` (DESIGN.md §2). Returns null without a
 * key, so callers can report "not configured" instead of failing at the first call. A
 * provider other than openrouter/openai has no default base URL and needs its variable.
 */
export function openAICompatibleFromEnv(
  provider: "openrouter" | "openai" | (string & {}),
  env: Readonly<Record<string, string | undefined>> = process.env,
  extra: Pick<OpenAICompatibleSettings, "headers" | "timeoutMs"> = {},
): OpenAICompatibleProvider | null {
  const prefix = provider.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
  const apiKey = env[`${prefix}_API_KEY`]?.trim();
  const baseURL = env[`${prefix}_BASE_URL`]?.trim() || DEFAULT_BASE_URLS[provider];
  if (!apiKey || !baseURL) return null;
  return createOpenAICompatible({ provider, apiKey, baseURL, ...extra });
}
