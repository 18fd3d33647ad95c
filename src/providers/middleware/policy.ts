import type { Db } from "../../store/db.js";
import type { EventSink } from "./call-scope.js";

export interface RetrySettings {
  /** Attempts per call on one model, the first included. */
  maxAttempts: number;
  /** Exponential backoff with decorrelated jitter (cockatiel), from this up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A `retry-after` longer than this is not waited for: the call falls back instead. */
  maxRetryAfterMs: number;
}

export interface BreakerSettings {
  /** Consecutive failed calls (after their retries) that open the breaker. */
  threshold: number;
  /** How long an open breaker fails fast before it lets one trial call through. */
  halfOpenAfterMs: number;
  /**
   * While a trial call runs, other processes see the breaker open for at least this long,
   * so only one of them tests a recovering model.
   */
  trialLeaseMs: number;
}

export interface CooldownSettings {
  /** Cooldown after a 429/503 that carried no `retry-after`. */
  defaultMs: number;
}

export interface ResilienceSettings {
  retry: RetrySettings;
  breaker: BreakerSettings;
  cooldown: CooldownSettings;
  /** Longest a single attempt may take before it counts as a `timeout` failure. */
  attemptTimeoutMs: number;
  /**
   * Multiplies every wait litink derives from time (backoff, retry-after, cooldowns, breaker
   * delays): 1 in production; tests use a small factor to run in milliseconds.
   */
  timeScale: number;
}

export const defaultResilience: ResilienceSettings = {
  retry: { maxAttempts: 3, initialDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 },
  breaker: { threshold: 5, halfOpenAfterMs: 30_000, trialLeaseMs: 120_000 },
  cooldown: { defaultMs: 30_000 },
  attemptTimeoutMs: 300_000,
  timeScale: 1,
};

/** What every resilience layer needs: the shared store, an event sink, the settings. */
export interface ResilienceContext {
  db: Db;
  events?: EventSink;
  settings: ResilienceSettings;
  /** Clock, replaceable in tests. */
  now?: () => number;
}

export type ResilienceOverrides = {
  [Key in keyof ResilienceSettings]?: ResilienceSettings[Key] extends object
    ? Partial<ResilienceSettings[Key]>
    : ResilienceSettings[Key];
};

export function resolveSettings(overrides: ResilienceOverrides = {}): ResilienceSettings {
  return {
    retry: { ...defaultResilience.retry, ...overrides.retry },
    breaker: { ...defaultResilience.breaker, ...overrides.breaker },
    cooldown: { ...defaultResilience.cooldown, ...overrides.cooldown },
    attemptTimeoutMs: overrides.attemptTimeoutMs ?? defaultResilience.attemptTimeoutMs,
    timeScale: overrides.timeScale ?? defaultResilience.timeScale,
  };
}
