import { isProviderError, ProviderError } from "../provider-error.js";
import { isCircuitOpen } from "./shared-breaker.js";

/**
 * Paid submissions (`doStart`) may be repeated — retried on the same model or sent to the
 * next model of the chain — only when the provider clearly refused them: 429, 503, a 4xx
 * refusal (bad request, auth, payment, content filter) or an error body on an otherwise
 * complete answer (HTTP 200 with an error status). After a timeout, a dropped connection, a
 * 500/502/504 or a garbled reply the job may exist and be billed, so a second submission
 * could pay twice. An `unavailable` failure without a status is a transport failure (reset,
 * refused connection): we cannot tell whether the request was sent, so it counts as ambiguous.
 */
export function isClearRefusal(error: ProviderError): boolean {
  if (isCircuitOpen(error)) return true; // nothing was sent
  if (error.failure === "timeout" || error.failure === "malformed") return false;
  const status = error.status;
  if (status === undefined) {
    return (
      error.failure === "rate-limit" ||
      error.failure === "bad-request" ||
      error.failure === "auth" ||
      error.failure === "payment" ||
      error.failure === "content-filter"
    );
  }
  if (status === 429 || status === 503) return true;
  if (status >= 400 && status < 500) return true;
  // A complete 2xx answer whose body says the request was rejected.
  return status < 300;
}

/** Thrown instead of re-submitting a paid job whose first submission may have been accepted. */
export class JobMaybeAcceptedError extends ProviderError {
  readonly maybeAccepted = true;
}

export function isMaybeAccepted(error: unknown): error is JobMaybeAcceptedError {
  return typeof error === "object" && error !== null && "maybeAccepted" in error;
}

export const POSSIBLY_CHARGED =
  "possibly charged: the job may have been accepted and was not re-submitted";

export function maybeAcceptedError(error: unknown): unknown {
  if (!isProviderError(error)) return error;
  return new JobMaybeAcceptedError({
    provider: error.provider,
    modelId: error.modelId,
    failure: error.failure,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    detail: `the job submission failed ambiguously (${error.failure}); the job may have been accepted and was not re-submitted, so it may be charged — check the provider's dashboard before running it again`,
    cause: error,
  });
}
