import type { AnyModel } from "../spec/index.js";
import { fallback } from "./fallback.js";
import { type ResilienceContext, type ResilienceOverrides, resolveSettings } from "./policy.js";
import { withResilience } from "./resilient-model.js";

export type { AttemptOutcome, AttemptRecord } from "./attempt-log.js";
export type { CallScope, EventSink } from "./call-scope.js";
export {
  activeCooldown,
  type Cooldown,
  cooldownKey,
  cooldownOf,
  startCooldown,
} from "./cooldown.js";
export { chainLinks, fallback } from "./fallback.js";
export { type JobResult, type RunJobOptions, runJob } from "./jobs.js";
export { type MeteringOptions, withMetering } from "./metering.js";
export { modelRef, wrapModel } from "./model-proxy.js";
export {
  defaultResilience,
  type ResilienceContext,
  type ResilienceOverrides,
  type ResilienceSettings,
  resolveSettings,
} from "./policy.js";
export { countsAgainstModel, withResilience } from "./resilient-model.js";
export { type Route, routeOf } from "./route.js";
export {
  CircuitOpenError,
  isCircuitOpen,
  readBreaker,
  type StoredBreaker,
} from "./shared-breaker.js";

export interface ChainOptions extends Omit<ResilienceContext, "settings"> {
  settings?: ResilienceOverrides;
}

/**
 * The standard stack for one modality's chain (see README): a fallback chain over models that
 * each carry their own cooldown-aware breaker and retries. Wrap it with `withMetering` per
 * task to reserve budget and write the ledger.
 */
export function resilientChain<M extends AnyModel>(models: readonly M[], options: ChainOptions): M {
  const context: ResilienceContext = { ...options, settings: resolveSettings(options.settings) };
  return fallback(
    models.map((model) => withResilience(model, context)),
    context,
  );
}
