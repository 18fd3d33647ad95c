import { isProviderError, type ProviderError, type ProviderFailure } from "../provider-error.js";
import type { AnyModel } from "../spec/index.js";
import { describeFailure, recordAttempt } from "./attempt-log.js";
import { inScope } from "./call-scope.js";
import { signalOf, withSignal, wrapModel } from "./model-proxy.js";
import type { ResilienceContext } from "./policy.js";
import { withRetry } from "./retry.js";
import { isCircuitOpen, SharedBreaker } from "./shared-breaker.js";

/**
 * Failures that say the model is unhealthy and count against its breaker. Bad requests,
 * content filters, auth and payment failures say nothing about the model (the next call may
 * well work, or fail the same way on every model of the provider), so they leave the breaker
 * alone and go straight to the fallback.
 */
const UNHEALTHY: ReadonlySet<ProviderFailure> = new Set([
  "rate-limit",
  "unavailable",
  "server",
  "timeout",
  "malformed",
]);

export function countsAgainstModel(error: unknown): boolean {
  return isProviderError(error) && UNHEALTHY.has(error.failure) && !isCircuitOpen(error);
}

/**
 * A paid job submission is retried on the same model only when the provider clearly refused
 * it (429, 502/503). After a timeout, a 500 or a garbled answer the job may exist already,
 * and submitting it again could pay twice; the chain falls back instead.
 */
function refusedBeforeAccepting(error: ProviderError): boolean {
  return error.failure === "rate-limit" || error.failure === "unavailable";
}

/**
 * One model with its own resilience: circuit breaker (shared through the store) around
 * retries around the model. `doStatus` polls a job that was already paid for, so it retries
 * but never fails fast on an open breaker.
 */
export function withResilience<M extends AnyModel>(model: M, context: ResilienceContext): M {
  const breaker = new SharedBreaker(context, model, countsAgainstModel);
  const target = { modality: model.modality, provider: model.provider, modelId: model.modelId };
  return wrapModel(model, (method, args, next) => {
    const signal = signalOf(method, args);
    const retried = () =>
      withRetry(context, target, {
        attempt: (attemptSignal) => next(withSignal(method, args, attemptSignal)),
        mayRetry: method === "doStart" ? refusedBeforeAccepting : undefined,
        signal,
      });
    if (method === "doStatus") return inScope(retried);
    return inScope(async () => {
      try {
        return await breaker.execute(retried);
      } catch (error) {
        if (isCircuitOpen(error)) {
          recordAttempt(context, {
            modality: model.modality,
            provider: model.provider,
            model: model.modelId,
            attempt: 0,
            outcome: "skipped",
            ms: 0,
            ...describeFailure(error),
            failure: "circuit-open",
          });
        }
        throw error;
      }
    });
  });
}
