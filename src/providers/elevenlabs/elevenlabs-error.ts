import { z } from "zod";
import { networkCode } from "../http-helpers.js";
import {
  failureFromStatus,
  ProviderError,
  type ProviderFailure,
  parseRetryAfter,
} from "../provider-error.js";
import { createRedactor } from "../redact.js";
import { ELEVENLABS_PROVIDER, ERROR_STATUS } from "./elevenlabs-api-types.js";

/**
 * ElevenLabs error bodies (api-notes §3): `{detail: {status, message}}` for 400/401/429,
 * `{detail: [{loc, msg, type}]}` for 422 validation, and FastAPI's plain `{detail: "…"}`.
 */
export const elevenLabsErrorBodySchema = z.object({
  detail: z.union([
    z.object({ status: z.string().optional(), message: z.string().optional() }).loose(),
    z.array(z.object({ loc: z.array(z.unknown()).optional(), msg: z.string().optional() }).loose()),
    z.string(),
  ]),
});

/** Wait suggested to the retry middleware when a 429 carries no `retry-after`. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;
const MAX_DETAIL_LENGTH = 300;

/** What the SDK's `ElevenLabsError` carries; read structurally so the SDK stays lazy. */
interface SdkErrorLike {
  name?: unknown;
  message?: unknown;
  statusCode?: unknown;
  body?: unknown;
  rawResponse?: { headers?: { get(name: string): string | null } };
  cause?: unknown;
}

export interface MapErrorContext {
  modelId: string;
  /** Scrubbed from every text that reaches the error, in case a server echoes it back. */
  apiKey: string;
  /** The caller's signal fired. */
  cancelled?: boolean;
  /** litink's own deadline for the call passed. */
  timedOut?: boolean;
}

/**
 * Maps anything the SDK threw to a `ProviderError`. The message is built from the HTTP status
 * and the provider's own `detail` text only; the SDK error is not passed on as `cause`, only
 * its name and a scrubbed message, so nothing from the request can leak through the chain.
 */
export function mapElevenLabsError(error: unknown, context: MapErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const sdkError = (typeof error === "object" && error !== null ? error : {}) as SdkErrorLike;
  const name = typeof sdkError.name === "string" ? sdkError.name : "Error";
  const make = (failure: ProviderFailure, detail: string, extra: Partial<ExtraFields> = {}) =>
    new ProviderError({
      provider: ELEVENLABS_PROVIDER,
      modelId: context.modelId,
      failure,
      detail: scrub(detail, context.apiKey),
      cause: sanitizedCause(name, sdkError.message, context.apiKey),
      ...extra,
    });

  if (context.cancelled) return make("aborted", "the request was cancelled");
  if (context.timedOut || name === "ElevenLabsTimeoutError" || sdkError.cause === "timeout") {
    return make("timeout", "no answer before the timeout");
  }
  // The SDK's deserialiser throws these when a 2xx body is not JSON or not the documented shape.
  if (name === "JsonError" || name === "ParseError" || name === "SyntaxError") {
    return make("malformed", "the response body was not the documented JSON");
  }
  const status = typeof sdkError.statusCode === "number" ? sdkError.statusCode : undefined;
  if (status === undefined) {
    if (sdkError.cause instanceof SyntaxError) {
      return make("malformed", "the error body was not valid JSON");
    }
    const code = networkCode(sdkError.cause);
    return make("unavailable", `the request failed before an answer (${code ?? name})`);
  }
  if (status >= 200 && status < 300) {
    return make("malformed", "the response body was not the documented JSON", { status });
  }
  const { code, message } = readDetail(sdkError.body);
  const failure = failureFor(status, code);
  const retryAfterMs =
    parseRetryAfter(sdkError.rawResponse?.headers?.get("retry-after")) ??
    (failure === "rate-limit" ? DEFAULT_RATE_LIMIT_WAIT_MS : undefined);
  const detail = [code, message].filter(Boolean).join(": ") || "the request failed";
  return make(failure, detail, { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
}

interface ExtraFields {
  status: number;
  retryAfterMs: number;
}

function failureFor(status: number, code: string | undefined): ProviderFailure {
  switch (code) {
    case ERROR_STATUS.invalidApiKey:
      return "auth";
    case ERROR_STATUS.quotaExceeded:
      return "payment";
    case ERROR_STATUS.voiceNotFound:
    case ERROR_STATUS.maxCharacterLimitExceeded:
      return "bad-request";
    case ERROR_STATUS.tooManyConcurrentRequests:
    case ERROR_STATUS.systemBusy:
      return "rate-limit";
    default:
      return failureFromStatus(status);
  }
}

function readDetail(body: unknown): { code?: string; message?: string } {
  const parsed = elevenLabsErrorBodySchema.safeParse(body);
  if (!parsed.success) {
    return typeof body === "string" && body.trim() !== "" ? { message: truncate(body.trim()) } : {};
  }
  const { detail } = parsed.data;
  if (typeof detail === "string") return { message: truncate(detail) };
  if (Array.isArray(detail)) {
    const problems = detail.map((item) =>
      [item.loc?.filter((part) => part !== "body").join("."), item.msg].filter(Boolean).join(" "),
    );
    return { code: "validation_error", message: truncate(problems.join("; ")) };
  }
  return {
    ...(detail.status ? { code: detail.status } : {}),
    ...(detail.message ? { message: truncate(detail.message) } : {}),
  };
}

function sanitizedCause(name: string, message: unknown, apiKey: string): Error {
  const firstLine = typeof message === "string" ? (message.split("\n")[0] ?? "") : "";
  const cause = new Error(scrub(truncate(firstLine), apiKey));
  cause.name = name;
  return cause;
}

function scrub(text: string, apiKey: string): string {
  return createRedactor(apiKey)(text);
}

function truncate(text: string): string {
  return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;
}
