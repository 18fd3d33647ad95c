import { LitinkError } from "../errors/app-error.js";
import { ExitCode } from "../errors/exit-codes.js";

/**
 * Why a provider call failed, as the resilience middleware needs it: whether to retry, how
 * long to wait, whether to put the provider on cooldown, whether to fall back.
 */
export type ProviderFailure =
  | "rate-limit" // 429: retry after `retryAfterMs`; provider cooldown
  | "unavailable" // 502/503/overloaded: retry, cooldown, then fall back
  | "server" // 500: retry, then fall back
  | "timeout" // no answer in time: retry (async jobs: poll again, never re-submit)
  | "malformed" // unparseable or schema-invalid body: retry once, then fall back
  | "auth" // 401/403 key problems: no retry; fall back
  | "payment" // 402 / insufficient credits: no retry; fall back
  | "bad-request" // 400/422: our request is wrong for this model; fall back
  | "content-filter" // moderation: fall back
  | "aborted"; // the caller cancelled: stop

const RETRYABLE: ReadonlySet<ProviderFailure> = new Set([
  "rate-limit",
  "unavailable",
  "server",
  "timeout",
  "malformed",
]);

export interface ProviderErrorInit {
  provider: string;
  modelId: string;
  failure: ProviderFailure;
  /** What happened, for people. Must never contain a key or an auth header. */
  detail: string;
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

/** One failed provider call. Messages are built from status and body text only, never from request headers. */
export class ProviderError extends LitinkError {
  readonly provider: string;
  readonly modelId: string;
  readonly failure: ProviderFailure;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: ProviderErrorInit) {
    super({
      name: "ProviderError",
      title: "Provider call failed",
      message: `${init.provider} ${init.modelId}: ${init.detail}${init.status ? ` (HTTP ${init.status})` : ""}`,
      hint: hintFor(init.failure),
      exitCode: ExitCode.unavailable,
      isRetryable: RETRYABLE.has(init.failure),
      cause: init.cause,
    });
    this.provider = init.provider;
    this.modelId = init.modelId;
    this.failure = init.failure;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return (
    value instanceof ProviderError ||
    (typeof value === "object" &&
      value !== null &&
      (value as { name?: string }).name === "ProviderError" &&
      "failure" in value)
  );
}

/** Maps an HTTP status to a failure kind (provider-specific bodies may refine it). */
export function failureFromStatus(status: number): ProviderFailure {
  if (status === 429) return "rate-limit";
  if (status === 401 || status === 403) return "auth";
  if (status === 402) return "payment";
  if (status === 408 || status === 504) return "timeout";
  if (status === 502 || status === 503) return "unavailable";
  if (status >= 500) return "server";
  return "bad-request";
}

/** `Retry-After` in seconds or as an HTTP date. */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function hintFor(failure: ProviderFailure): string {
  switch (failure) {
    case "auth":
      return "Check the API key for this provider (`litink doctor --live`).";
    case "payment":
      return "The provider account is out of credits or over its limit.";
    case "rate-limit":
      return "The provider is rate limiting; litink waits and retries, then falls back.";
    default:
      return "litink retries and falls back along the tier's chain; see `litink doctor --live`.";
  }
}
