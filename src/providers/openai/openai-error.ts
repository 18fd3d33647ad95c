import { networkCode } from "../http-helpers.js";
import {
  failureFromStatus,
  ProviderError,
  type ProviderFailure,
  parseRetryAfter,
} from "../provider-error.js";
import {
  errorEnvelopeOf,
  type ProviderErrorDetail,
  providerErrorDetailSchema,
} from "./openai-api-types.js";

/**
 * Turns whatever the `openai` SDK throws into a `ProviderError` the resilience middleware can
 * act on. Messages are rebuilt from the status and the provider's `error.message` only: the
 * SDK error's own text and request details never travel, and the SDK error is not attached as
 * `cause`, because OpenAI echoes (masked) keys in 401 messages and a serialised cause chain
 * would carry them into logs.
 */
export interface ErrorContext {
  provider: string;
  modelId: string;
  /** Removes the key (and anything shaped like one) from provider text. */
  redact: (text: string) => string;
}

/** The SDK's error classes, read structurally so the SDK can stay a lazy import. */
interface SdkApiErrorLike {
  status?: number;
  headers?: Headers;
  error?: unknown;
}

export function mapOpenAIError(error: unknown, context: ErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const constructorName = (error as object | null)?.constructor?.name;
  const kind = typeof constructorName === "string" ? constructorName : String(name);

  if (kind === "APIUserAbortError" || name === "AbortError") {
    return failure(context, "aborted", "the call was cancelled");
  }
  if (kind === "APIConnectionTimeoutError") {
    return failure(context, "timeout", "no answer before the client timeout");
  }
  if (kind === "APIConnectionError") {
    return failure(context, "unavailable", `connection failed${codeSuffix(error)}`);
  }
  if (error instanceof SyntaxError) {
    return failure(context, "malformed", "the reply was not valid JSON");
  }
  const apiError = error as SdkApiErrorLike;
  if (typeof apiError?.status === "number") {
    const detail = providerErrorDetailSchema.safeParse(apiError.error);
    return fromStatus(
      context,
      apiError.status,
      detail.success ? detail.data : undefined,
      apiError.headers,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return failure(context, "server", `unexpected client error: ${context.redact(message)}`);
}

/** An error reported inside a 200 reply (choice-level or top-level `error`). */
export function errorFromReplyBody(
  detail: ProviderErrorDetail,
  context: ErrorContext,
): ProviderError {
  const status = typeof detail.code === "number" ? detail.code : undefined;
  const kind = refineFailure(status === undefined ? "server" : failureFromStatus(status), detail);
  return new ProviderError({
    provider: context.provider,
    modelId: context.modelId,
    failure: kind,
    detail: `the reply carried an error: ${describe(detail, context)}`,
    status,
  });
}

/** Some gateways answer HTTP 200 with a request-level `{error: {…}}` envelope and no choices. */
export function throwIfErrorEnvelope(data: unknown, context: ErrorContext): void {
  const detail = errorEnvelopeOf(data);
  if (detail) throw errorFromReplyBody(detail, context);
}

function fromStatus(
  context: ErrorContext,
  status: number,
  detail: ProviderErrorDetail | undefined,
  headers: Headers | undefined,
): ProviderError {
  const kind = refineFailure(failureFromStatus(status), detail);
  return new ProviderError({
    provider: context.provider,
    modelId: context.modelId,
    failure: kind,
    detail: detail ? describe(detail, context) : "the provider answered with an error",
    status,
    retryAfterMs: retryAfter(headers),
  });
}

/** Provider bodies say more than the status: quota is not a wait-and-retry 429, moderation is not a key problem. */
function refineFailure(
  kind: ProviderFailure,
  detail: ProviderErrorDetail | undefined,
): ProviderFailure {
  const code = typeof detail?.code === "string" ? detail.code : undefined;
  const errorType = detail?.metadata?.error_type;
  if (code === "insufficient_quota" || errorType === "payment_required") return "payment";
  if (detail?.metadata?.reasons !== undefined || errorType === "moderation") {
    return "content-filter";
  }
  if (code === "invalid_api_key" || errorType === "authentication") return "auth";
  if (code === "context_length_exceeded") return "bad-request";
  if (errorType === "rate_limit_exceeded") return "rate-limit";
  if (errorType === "provider_unavailable" || errorType === "provider_overloaded") {
    return "unavailable";
  }
  return kind;
}

/** `retry-after-ms` (OpenAI) wins over `retry-after` (seconds or an HTTP date). */
function retryAfter(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number(headers.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  return parseRetryAfter(headers.get("retry-after"));
}

const MAX_DETAIL_LENGTH = 300;

function describe(detail: ProviderErrorDetail, context: ErrorContext): string {
  const message = detail.message ? context.redact(detail.message) : "no message";
  const code = typeof detail.code === "string" ? ` [${context.redact(detail.code)}]` : "";
  const text = `${message}${code}`;
  return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;
}

/** The SDK's connection error wraps fetch's `TypeError`, which wraps the socket error. */
function codeSuffix(error: unknown): string {
  const code = networkCode((error as { cause?: unknown }).cause, 2);
  return code ? ` (${code})` : "";
}

function failure(context: ErrorContext, kind: ProviderFailure, detail: string): ProviderError {
  return new ProviderError({
    provider: context.provider,
    modelId: context.modelId,
    failure: kind,
    detail,
  });
}

/** Kept here so existing imports keep working; the one implementation is `../redact.ts`. */
export { createRedactor } from "../redact.js";
