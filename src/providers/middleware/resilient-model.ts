import { isProviderError, type ProviderFailure } from "../provider-error.js";
import type { AnyModel } from "../spec/index.js";
import { isClearRefusal } from "./ambiguous-start.js";
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
        // A paid submission is repeated only after a clear refusal (see ambiguous-start.ts).
        mayRetry: method === "doStart" ? isClearRefusal : undefined,
        unsafeToRepeat: method === "doStart" ? (error) => !isClearRefusal(error) : undefined,
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
