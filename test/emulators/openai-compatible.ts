import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { type Emulator, type LoggedRequest, sendJson, startEmulator } from "./harness.js";
import { sampleFromJsonSchema } from "./openai-compatible-json-sample.js";

/**
 * OpenRouter / OpenAI emulator (api-notes §1, §2): `POST …/chat/completions`,
 * `POST …/embeddings`, `GET …/models`, routed by path suffix so both `/api/v1` (OpenRouter)
 * and `/v1` (OpenAI) base URLs work. The `dialect` picks the error envelope and reply extras:
 * OpenRouter `{"error":{"code","message","metadata"?}}`, `gen-…` ids and `usage.cost`;
 * OpenAI `{"error":{"message","type","param","code"}}`, `chatcmpl-…` ids, no cost.
 */
export type Dialect = "openrouter" | "openai";

export const EMULATOR_API_KEY = "sk-or-v1-emulator-0123456789abcdef";

export interface OpenAICompatibleEmulatorOptions {
  dialect?: Dialect;
  /** The key `Authorization: Bearer …` must carry (default `EMULATOR_API_KEY`). */
  apiKey?: string;
  /** USD per token for `usage.cost` (OpenRouter dialect). */
  pricePerToken?: { prompt: number; completion: number };
  /** Seedable random source for probabilistic faults. */
  random?: () => number;
}

/** One configured chat reply, consumed by the next matching request. */
export interface ChatReply {
  /** Only requests for this model consume it. */
  forModel?: string;
  content?: string;
  /** The model named in the reply (OpenRouter routed elsewhere). */
  model?: string;
  finishReason?: string;
  /** An error after generation started: HTTP 200 with `choices[0].error`. */
  choiceError?: { code: number; message: string; metadata?: Record<string, unknown> };
  omitUsage?: boolean;
  /** Replaces the whole body (HTTP 200). */
  body?: unknown;
}

export interface ChatRequestBody {
  model?: string;
  messages?: Array<{ role?: string; content?: unknown }>;
  max_tokens?: number;
  response_format?: { type?: string; json_schema?: { name?: string; schema?: unknown } };
  [field: string]: unknown;
}

export interface OpenAICompatibleEmulator extends Emulator {
  readonly apiKey: string;
  readonly dialect: Dialect;
  /** Every request for `requested` is answered as `actual` (OpenRouter routing/fallback). */
  routeModel(requested: string, actual: string): void;
  queueChatReply(reply: ChatReply): void;
  /** Chat request bodies received, in order (from the request log). */
  chatBodies(): ChatRequestBody[];
}

export async function startOpenAICompatibleEmulator(
  options: OpenAICompatibleEmulatorOptions = {},
): Promise<OpenAICompatibleEmulator> {
  const dialect = options.dialect ?? "openrouter";
  const apiKey = options.apiKey ?? EMULATOR_API_KEY;
  const price = options.pricePerToken ?? { prompt: 0.000001, completion: 0.000002 };
  const routes = new Map<string, string>();
  const queued: ChatReply[] = [];
  let sequence = 0;

  const errorBody = (status: number, message: string, extra: ErrorExtra = {}) =>
    dialect === "openrouter"
      ? {
          error: { code: status, message, ...(extra.metadata ? { metadata: extra.metadata } : {}) },
        }
      : {
          error: {
            message,
            type: extra.type ?? openAIErrorType(status),
            param: extra.param ?? null,
            code: extra.code ?? null,
          },
        };

  /** Answers 401 and returns false unless the request carries the expected key. */
  const authorised = (request: LoggedRequest, response: ServerResponse): boolean => {
    const header = request.headers.authorization;
    if (header === `Bearer ${apiKey}`) return true;
    const message =
      dialect === "openrouter"
        ? "User not found."
        : // OpenAI echoes a masked key; clients must keep even that out of their errors.
          `Incorrect API key provided: ${maskKey(String(header ?? "").replace(/^Bearer /, ""))}. You can find your API key at https://platform.openai.com/account/api-keys.`;
    sendJson(response, 401, errorBody(401, message, { code: "invalid_api_key" }));
    return false;
  };

  const chat = (request: LoggedRequest, response: ServerResponse) => {
    if (!authorised(request, response)) return;
    const body = request.json as ChatRequestBody | undefined;
    if (!body || !Array.isArray(body.messages) || body.messages.length === 0) {
      return sendJson(response, 400, errorBody(400, "messages: expected a non-empty array"));
    }
    const requested = body.model ?? (dialect === "openrouter" ? "openrouter/auto" : undefined);
    if (!requested)
      return sendJson(response, 400, errorBody(400, "you must provide a model parameter"));
    const index = queued.findIndex((reply) => !reply.forModel || reply.forModel === requested);
    const reply = index >= 0 ? queued.splice(index, 1)[0]! : {};
    if (reply.body !== undefined) return sendJson(response, 200, reply.body);

    sequence += 1;
    const model = reply.model ?? routes.get(requested) ?? requested;
    let content = reply.content ?? defaultContent(body, model);
    let finishReason = reply.finishReason ?? "stop";
    if (typeof body.max_tokens === "number" && estimateTokens(content) > body.max_tokens) {
      content = content.slice(0, body.max_tokens * 4);
      finishReason = "length";
    }
    const promptTokens = estimateTokens(JSON.stringify(body.messages));
    const completionTokens = reply.choiceError ? 0 : estimateTokens(content);
    const choice = reply.choiceError
      ? {
          index: 0,
          finish_reason: "error",
          native_finish_reason: "error",
          message: { role: "assistant", content: "" },
          error: reply.choiceError,
        }
      : {
          index: 0,
          logprobs: null,
          finish_reason: finishReason,
          ...(dialect === "openrouter" ? { native_finish_reason: finishReason } : {}),
          message: { role: "assistant", content, refusal: null },
        };
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
      ...(dialect === "openrouter"
        ? {
            cost: roundUsd(promptTokens * price.prompt + completionTokens * price.completion),
            is_byok: false,
            cost_details: { upstream_inference_cost: null },
          }
        : {}),
    };
    const created = Math.floor(Date.now() / 1000);
    sendJson(response, 200, {
      id: dialect === "openrouter" ? `gen-${created}-${sequence}` : `chatcmpl-emulator${sequence}`,
      ...(dialect === "openrouter"
        ? { provider: "Emulator" }
        : { system_fingerprint: "fp_emulator" }),
      model,
      object: "chat.completion",
      created,
      choices: [choice],
      ...(reply.omitUsage ? {} : { usage }),
    });
  };

  const embeddings = (request: LoggedRequest, response: ServerResponse) => {
    if (!authorised(request, response)) return;
    const body = request.json as
      | { model?: string; input?: unknown; dimensions?: number; encoding_format?: string }
      | undefined;
    const inputs = typeof body?.input === "string" ? [body.input] : body?.input;
    const invalid = (message: string, param = "input") =>
      sendJson(response, 400, errorBody(400, message, { type: "invalid_request_error", param }));
    if (!body?.model) return invalid("you must provide a model parameter", "model");
    if (
      !Array.isArray(inputs) ||
      inputs.length === 0 ||
      !inputs.every((v) => typeof v === "string")
    ) {
      return invalid("'$.input' is invalid: expected a string or a non-empty array of strings");
    }
    if (inputs.length > 2048) return invalid("'$.input' must have at most 2048 items");
    if (inputs.some((value) => value.length === 0))
      return invalid("'$.input' must not contain empty strings");
    const tokens = inputs.map(estimateTokens);
    const longest = Math.max(...tokens);
    if (longest > 8192) {
      return invalid(
        `This model's maximum context length is 8192 tokens, however you requested ${longest} tokens.`,
      );
    }
    const total = tokens.reduce((sum, count) => sum + count, 0);
    if (total > 300_000) return invalid(`Requested ${total} tokens, max 300000 tokens per request`);
    const native = body.model.includes("3-large") ? 3072 : 1536;
    if (body.dimensions !== undefined) {
      if (body.model.includes("ada-002")) {
        return invalid("This model does not support specifying dimensions.", "dimensions");
      }
      if (!Number.isInteger(body.dimensions) || body.dimensions < 1 || body.dimensions > native) {
        return invalid(`dimensions must be between 1 and ${native}`, "dimensions");
      }
    }
    const size = body.dimensions ?? native;
    sendJson(response, 200, {
      object: "list",
      data: inputs.map((text, index) => {
        const vector = deterministicVector(`${body.model}\u0000${text}`, size);
        return {
          object: "embedding",
          index,
          embedding:
            body.encoding_format === "base64"
              ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
              : vector,
        };
      }),
      model: body.model,
      usage: { prompt_tokens: total, total_tokens: total },
    });
  };

  const models = (request: LoggedRequest, response: ServerResponse) => {
    // OpenRouter's model list needs no key; OpenAI's does.
    if (dialect === "openai" && !authorised(request, response)) return;
    sendJson(response, 200, {
      data: ["openai/gpt-4o", "meta-llama/llama-3.2-3b-instruct", "text-embedding-3-small"].map(
        (id) => ({
          id,
          object: "model",
          name: id,
          created: 1700000000,
          context_length: 128000,
          pricing: { prompt: String(price.prompt), completion: String(price.completion) },
          supported_parameters: [
            "temperature",
            "max_tokens",
            "seed",
            "response_format",
            "structured_outputs",
          ],
        }),
      ),
    });
  };

  const emulator = await startEmulator({
    errorBody: (status, message) => errorBody(status, message),
    random: options.random,
    routes: [
      { method: "POST", match: /\/chat\/completions$/, handle: chat },
      { method: "POST", match: /\/embeddings$/, handle: embeddings },
      { method: "GET", match: /\/models$/, handle: models },
    ],
  });

  return Object.assign(emulator, {
    apiKey,
    dialect,
    routeModel: (requested: string, actual: string) => void routes.set(requested, actual),
    queueChatReply: (reply: ChatReply) => void queued.push(reply),
    chatBodies: () =>
      emulator.requests
        .filter((request) => request.path.endsWith("/chat/completions"))
        .map((request) => request.json as ChatRequestBody),
  });
}

interface ErrorExtra {
  type?: string;
  param?: string;
  code?: string;
  metadata?: Record<string, unknown>;
}

function defaultContent(body: ChatRequestBody, model: string): string {
  const format = body.response_format;
  if (format?.type === "json_schema")
    return JSON.stringify(sampleFromJsonSchema(format.json_schema?.schema ?? {}));
  if (format?.type === "json_object") return JSON.stringify({ reply: `from ${model}` });
  const lastUser = [...(body.messages ?? [])].reverse().find((message) => message.role === "user");
  const prompt = typeof lastUser?.content === "string" ? lastUser.content : "";
  return `Emulated reply from ${model}: ${prompt.slice(0, 80)}`;
}

/** ≈ 4 characters per token, as the real tokenizers average on English. */
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function roundUsd(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}

/** A unit-length vector seeded by the text, so equal texts embed equally across runs. */
function deterministicVector(seedText: string, size: number): number[] {
  let state = createHash("sha256").update(seedText).digest().readUInt32LE(0) || 1;
  const values: number[] = [];
  for (let index = 0; index < size; index++) {
    // xorshift32: cheap, deterministic, good enough to make distinct texts point elsewhere.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    values.push(((state >>> 0) / 0xffffffff) * 2 - 1);
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((value) => Math.fround(value / norm));
}

function maskKey(key: string): string {
  if (key.length <= 8) return "********";
  return `${key.slice(0, 3)}${"*".repeat(Math.min(20, key.length - 7))}${key.slice(-4)}`;
}

function openAIErrorType(status: number): string {
  if (status === 429) return "requests";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}
