import { z } from "zod";
import {
  failureFromStatus,
  ProviderError,
  type ProviderFailure,
  parseRetryAfter,
} from "../provider-error.js";
import { messageOf, retryAfterField } from "./modelslab-api-types.js";

/** `{"status":"error","message":"…"}`, sometimes `messege`, a 429 may add `retry_after` (s). */
export const modelsLabErrorSchema = z.looseObject({
  // Read only for its message; a null or odd status must not lose the message.
  status: z.unknown().optional(),
  message: z.unknown().optional(),
  messege: z.unknown().optional(),
  retry_after: retryAfterField,
});

export interface ErrorContext {
  modelId: string;
  /** Every string that reaches an error passes through this (it removes the API key). */
  redact: (text: string) => string;
}

/**
 * Classifies a ModelsLab error from the HTTP status (when not 2xx) and the body's message.
 * Bodies with `status: "error"` often come with HTTP 200, so the message decides then.
 */
export function modelsLabError(
  context: ErrorContext,
  reply: { status: number; body: unknown; retryAfterHeader?: string | undefined },
): ProviderError {
  const parsed = modelsLabErrorSchema.safeParse(reply.body);
  const body: Partial<z.output<typeof modelsLabErrorSchema>> = parsed.success ? parsed.data : {};
  const message = messageOf(body) ?? `the reply carried no message (HTTP ${reply.status})`;
  // Body and header may both say; waiting the longer of the two is never wrong.
  const waits = [retryAfterFromBody(body.retry_after), parseRetryAfter(reply.retryAfterHeader)];
  const known = waits.filter((wait): wait is number => wait !== undefined);
  const retryAfterMs = known.length > 0 ? Math.max(...known) : undefined;
  const httpError = reply.status < 200 || reply.status >= 300;
  let failure = httpError ? failureFromStatus(reply.status) : failureFromMessage(message);
  // A body that says it is a rate limit is one, whatever the status line says.
  if (body.retry_after !== undefined || failureFromMessage(message) === "rate-limit") {
    failure = "rate-limit";
  }
  return new ProviderError({
    provider: "modelslab",
    modelId: context.modelId,
    failure,
    detail: context.redact(message),
    status: reply.status,
    retryAfterMs,
  });
}

/** For errors without a useful HTTP status (HTTP 200 + `status: "error"`, or a failed job). */
export function failureFromMessage(message: string): ProviderFailure {
  const text = message.toLowerCase();
  if (/invalid api key|api key (is )?(missing|required|invalid)|unauthori[sz]ed/.test(text))
    return "auth";
  if (/insufficient credit|add more credits|plan (has )?expired|subscription/.test(text))
    return "payment";
  if (/rate limit|too many requests|queued requests|queue (is )?full/.test(text))
    return "rate-limit";
  if (/try again later|temporarily|overloaded|server (is )?busy|timed? ?out/.test(text))
    return "unavailable";
  if (/nsfw|safety|moderation|inappropriate/.test(text)) return "content-filter";
  // Includes "Model not found: …", validation messages and "try use another model".
  return "bad-request";
}

/** A failed job may be worth re-submitting only when the provider says so. */
export function isRetryableJobFailure(message: string): boolean {
  return failureFromMessage(message) === "unavailable";
}

function retryAfterFromBody(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : undefined;
}
