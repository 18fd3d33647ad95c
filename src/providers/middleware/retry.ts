import {
  DelegateBackoff,
  ExponentialBackoff,
  handleWhen,
  type IBackoff,
  type IRetryBackoffContext,
  retry,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
} from "cockatiel";
import { isProviderError, ProviderError } from "../provider-error.js";
import type { Modality } from "../spec/shared.js";
import { maybeAcceptedError, POSSIBLY_CHARGED } from "./ambiguous-start.js";
import { describeFailure, recordAttempt } from "./attempt-log.js";
import { currentScope } from "./call-scope.js";
import { cooldownKey, startCooldown } from "./cooldown.js";
import type { ResilienceContext } from "./policy.js";
import { abortedError, wait } from "./wait.js";

export interface RetryTarget {
  modality: Modality;
  provider: string;
  modelId: string;
}

export interface RetryCall<T> {
  /** One attempt; `signal` ends it on the caller's abort or the attempt timeout. */
  attempt: (signal: AbortSignal) => Promise<T>;
  /** Whether this failure may be tried again on the same model (on top of `isRetryable`). */
  mayRetry?: (error: ProviderError) => boolean;
  /**
   * A final failure after which the call must not be repeated anywhere (a paid submission
   * that may have been accepted): recorded as `failed`, "possibly charged", and rethrown as
   * a `JobMaybeAcceptedError`, which the fallback chain does not move on from.
   */
  unsafeToRepeat?: (error: ProviderError) => boolean;
  signal?: AbortSignal;
}

type Step = IBackoff<IRetryBackoffContext<unknown>>;

/**
 * Retries one model's call with cockatiel: exponential backoff with decorrelated jitter,
 * replaced by the provider's `retry-after` when it sent one. Only `isRetryable` failures retry;
 * `malformed` at most once (a model that answers garbage twice will not improve). Cockatiel's
 * own sleep cannot be cancelled, so its delay is 0 and the computed wait happens at the start of
 * the next attempt, where the caller's AbortSignal ends it at once. Every attempt is recorded;
 * a 429/503 also puts the provider on cooldown for other calls.
 */
export async function withRetry<T>(
  context: ResilienceContext,
  target: RetryTarget,
  call: RetryCall<T>,
): Promise<T> {
  const { retry: settings, timeScale } = context.settings;
  let malformedSeen = 0;
  let pendingWaitMs = 0;
  let failed: { attempt: number; error: unknown; ms: number } | undefined;

  const exponential = new ExponentialBackoff({
    initialDelay: settings.initialDelayMs,
    maxDelay: settings.maxDelayMs,
  });
  const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>, Step>(
    (backoffContext, state) => {
      const step: Step = state ? state.next(backoffContext) : exponential.next();
      const error = "error" in backoffContext.result ? backoffContext.result.error : undefined;
      const retryAfterMs = isProviderError(error) ? error.retryAfterMs : undefined;
      pendingWaitMs = (retryAfterMs ?? step.duration) * timeScale;
      return { delay: 0, state: step };
    },
  );
  const policy = retry(
    handleWhen((error) => {
      if (!isProviderError(error) || !error.isRetryable) return false;
      if (call.mayRetry && !call.mayRetry(error)) return false;
      if ((error.retryAfterMs ?? 0) > settings.maxRetryAfterMs) return false;
      if (error.failure === "malformed" && ++malformedSeen > 1) return false;
      return true;
    }),
    { maxAttempts: Math.max(0, settings.maxAttempts - 1), backoff },
  );
  const attemptTimeout = timeout(context.settings.attemptTimeoutMs, {
    strategy: TimeoutStrategy.Aggressive,
    abortOnReturn: false,
  });

  policy.onRetry(() => {
    if (failed) recordAttempt(context, { ...attemptFields(failed), outcome: "retry" });
    failed = undefined;
  });

  try {
    return await policy.execute(async ({ attempt }) => {
      await wait(pendingWaitMs, call.signal, target);
      pendingWaitMs = 0;
      const started = performance.now();
      try {
        const value = await attemptTimeout.execute(
          ({ signal }) => call.attempt(signal),
          call.signal,
        );
        recordAttempt(context, {
          ...identity(target),
          attempt: attempt + 1,
          outcome: "ok",
          ms: performance.now() - started,
        });
        return value;
      } catch (raw) {
        const error = normalise(raw, target, call.signal, context.settings.attemptTimeoutMs);
        failed = { attempt: attempt + 1, error, ms: performance.now() - started };
        noteCooldown(context, target, error);
        throw error;
      }
    }, call.signal);
  } catch (error) {
    if (
      failed &&
      isProviderError(error) &&
      error.failure !== "aborted" &&
      call.unsafeToRepeat?.(error)
    ) {
      const fields = attemptFields(failed);
      recordAttempt(context, {
        ...fields,
        outcome: "failed",
        detail: `${fields.detail ?? error.message}; ${POSSIBLY_CHARGED}`,
      });
      throw maybeAcceptedError(error);
    }
    if (failed) {
      // The chain moves on after this failure unless the caller cancelled.
      const movesOn =
        currentScope()?.hasFallback && !(isProviderError(error) && error.failure === "aborted");
      recordAttempt(context, {
        ...attemptFields(failed),
        outcome: movesOn ? "fallback" : "failed",
      });
    }
    throw error;
  }

  function attemptFields(entry: { attempt: number; error: unknown; ms: number }) {
    return {
      ...identity(target),
      attempt: entry.attempt,
      ms: entry.ms,
      ...describeFailure(entry.error),
    };
  }
}

function identity(target: RetryTarget) {
  return { modality: target.modality, provider: target.provider, model: target.modelId };
}

/** Timeouts and cancellations become ProviderErrors, so the layers above can classify them. */
function normalise(
  error: unknown,
  target: RetryTarget,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): unknown {
  if (signal?.aborted) return isProviderError(error) ? error : abortedError(target);
  if (error instanceof TaskCancelledError) {
    return new ProviderError({
      provider: target.provider,
      modelId: target.modelId,
      failure: "timeout",
      detail: `no answer within ${timeoutMs} ms`,
    });
  }
  return error;
}

/**
 * A 429 or 503 cools the provider down (or only the model, where limits are per model: see
 * `cooldownKey`), for `retry-after` or the default.
 */
function noteCooldown(context: ResilienceContext, target: RetryTarget, error: unknown): void {
  if (!isProviderError(error)) return;
  if (error.failure !== "rate-limit" && error.status !== 503) return;
  const durationMs =
    (error.retryAfterMs ?? context.settings.cooldown.defaultMs) * context.settings.timeScale;
  startCooldown(context, cooldownKey(target), durationMs, error.failure);
}
