import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from "cockatiel";
import type { Db } from "../../store/db.js";
import { ProviderError } from "../provider-error.js";
import type { ResilienceContext } from "./policy.js";

/**
 * A circuit breaker per model whose state lives in the `breakers` table, so every process
 * sharing the store sees one breaker. The state machine is cockatiel's (ConsecutiveBreaker,
 * closed → open → half-open → closed/open), persisted with its own `toJSON()`/`initialState`:
 * each call hydrates a policy from the row, and afterwards its outcome is replayed on the row's
 * *current* state and written back with compare-and-swap, so outcomes from other processes
 * are never overwritten. A call that becomes the half-open trial first writes a "lease" (open,
 * just now), so other processes keep failing fast while it runs.
 */
export interface StoredBreaker {
  state: "closed" | "open" | "half-open";
  consecutiveFailures: number;
  openedAt?: string;
  /** cockatiel's `CircuitBreakerPolicy.toJSON()`. */
  cockatiel: Snapshot;
}

interface Snapshot {
  ownState: { value: CircuitState; openedAt?: number; attemptNo?: number };
  breakerState: unknown;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Thrown instead of calling the model while its breaker is open. Nothing reached the model. */
export class CircuitOpenError extends ProviderError {
  readonly circuitOpen = true;
}

export function isCircuitOpen(error: unknown): error is CircuitOpenError {
  return typeof error === "object" && error !== null && "circuitOpen" in error;
}

class TrialTaken extends Error {}

export class SharedBreaker {
  constructor(
    private readonly context: ResilienceContext,
    private readonly identity: { provider: string; modelId: string },
    /** Failures that count against the model (others leave the breaker as it is). */
    private readonly counts: (error: unknown) => boolean,
  ) {}

  get key(): string {
    return `${this.identity.provider}:${this.identity.modelId}`;
  }

  async execute<T>(fn: () => Promise<T>): Promise<T> {
    const before = readRow(this.context.db, this.key);
    const offset = this.clockOffset();
    const policy = this.policy(shift(before?.value.cockatiel, offset));
    let leaseText: string | undefined;
    let trialTaken = false;
    const listener = policy.onHalfOpen(() => {
      const snapshot = shift(policy.toJSON() as Snapshot, -offset)!;
      const lease = this.stored(this.lease(snapshot), "half-open");
      const text = JSON.stringify(lease);
      if (this.swap(before?.text, text)) leaseText = text;
      else trialTaken = true;
    });
    let outcome: Outcome<T>;
    try {
      const value = await policy.execute(() => {
        if (trialTaken) throw new TrialTaken();
        return fn();
      });
      outcome = { ok: true, value };
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof TrialTaken) {
        throw this.openError(readBreaker(this.context.db, this.key) ?? before?.value);
      }
      outcome = { ok: false, error };
    } finally {
      listener.dispose();
    }
    // Neutral outcomes (bad request, auth, abort) say nothing about the model's health.
    if (outcome.ok || this.counts(outcome.error)) await this.settle(outcome, leaseText);
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  }

  /** Replays one outcome on the stored state until a compare-and-swap succeeds. */
  private async settle<T>(outcome: Outcome<T>, leaseText: string | undefined): Promise<void> {
    for (let round = 0; round < 100; round++) {
      const row = readRow(this.context.db, this.key);
      const current = row?.value;
      const currentText = row?.text;
      let snapshot = current?.cockatiel;
      // Still our lease: replay as the trial (cockatiel's own serialised half-open form).
      if (leaseText !== undefined && currentText === leaseText && snapshot) {
        snapshot = { ...snapshot, ownState: { ...snapshot.ownState, openedAt: 0 } };
      }
      const offset = this.clockOffset();
      const replay = this.policy(shift(snapshot, offset));
      await replay
        .execute(() => (outcome.ok ? undefined : Promise.reject(outcome.error)))
        .catch(() => undefined);
      const next = this.stored(shift(replay.toJSON() as Snapshot, -offset)!);
      const nextText = JSON.stringify(next);
      if (nextText === currentText) return;
      if (this.swap(currentText, nextText)) {
        this.announce(current, next);
        return;
      }
    }
  }

  private policy(snapshot: Snapshot | undefined): CircuitBreakerPolicy {
    const { breaker, timeScale } = this.context.settings;
    return circuitBreaker(handleWhen(this.counts), {
      halfOpenAfter: breaker.halfOpenAfterMs * timeScale,
      breaker: new ConsecutiveBreaker(breaker.threshold),
      initialState: snapshot,
    });
  }

  /** Open "now", or later still, so that the fail-fast window covers the trial lease. */
  private lease(snapshot: Snapshot): Snapshot {
    const { breaker, timeScale } = this.context.settings;
    const extra = Math.max(0, (breaker.trialLeaseMs - breaker.halfOpenAfterMs) * timeScale);
    return {
      ...snapshot,
      ownState: { ...snapshot.ownState, value: CircuitState.Open, openedAt: this.now() + extra },
    };
  }

  private now(): number {
    return this.context.now?.() ?? Date.now();
  }

  /**
   * Stored times are on the context's clock (like cooldowns, so tests can inject one), while
   * cockatiel reads `Date.now()` itself: the difference between the two clocks.
   */
  private clockOffset(): number {
    return this.context.now ? Date.now() - this.context.now() : 0;
  }

  private stored(snapshot: Snapshot, state?: StoredBreaker["state"]): StoredBreaker {
    const open = snapshot.ownState.value !== CircuitState.Closed;
    return {
      state: state ?? (open ? "open" : "closed"),
      consecutiveFailures: typeof snapshot.breakerState === "number" ? snapshot.breakerState : 0,
      ...(open && snapshot.ownState.openedAt
        ? { openedAt: new Date(snapshot.ownState.openedAt).toISOString() }
        : {}),
      cockatiel: snapshot,
    };
  }

  /** One atomic statement: write `next` only if the row still holds `expected`. */
  private swap(expected: string | undefined, next: string): boolean {
    const now = new Date(this.now()).toISOString();
    const db = this.context.db;
    if (expected === undefined) {
      return (
        db
          .prepare(
            "INSERT INTO breakers (key, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING",
          )
          .run(this.key, next, now).changes === 1
      );
    }
    return (
      db
        .prepare("UPDATE breakers SET state = ?, updated_at = ? WHERE key = ? AND state = ?")
        .run(next, now, this.key, expected).changes === 1
    );
  }

  private announce(previous: StoredBreaker | undefined, next: StoredBreaker): void {
    const events = this.context.events;
    const wasOpen = previous !== undefined && previous.state !== "closed";
    if (!wasOpen && next.state === "open") {
      events?.emit("breaker-open", { key: this.key, failures: next.consecutiveFailures });
    } else if (previous?.state === "half-open" && next.state === "open") {
      events?.emit("breaker-open", {
        key: this.key,
        failures: next.consecutiveFailures,
        trial: true,
      });
    } else if (wasOpen && next.state === "closed") {
      events?.emit("breaker-close", { key: this.key });
    }
  }

  private openError(state: StoredBreaker | undefined): CircuitOpenError {
    return new CircuitOpenError({
      provider: this.identity.provider,
      modelId: this.identity.modelId,
      failure: "unavailable",
      detail: `circuit breaker open${state?.openedAt ? ` since ${state.openedAt}` : ""} after repeated failures, so it was not called`,
    });
  }
}

/** Moves a snapshot's `openedAt` by `offset` ms (0 is cockatiel's "half-open now" mark). */
function shift(snapshot: Snapshot | undefined, offset: number): Snapshot | undefined {
  if (!snapshot || offset === 0 || !snapshot.ownState.openedAt) return snapshot;
  return {
    ...snapshot,
    ownState: { ...snapshot.ownState, openedAt: snapshot.ownState.openedAt + offset },
  };
}

/** The stored breaker of `"<provider>:<model>"`, if it has one. */
export function readBreaker(db: Db, key: string): StoredBreaker | undefined {
  return readRow(db, key)?.value;
}

/** The row's text is kept as read: compare-and-swap compares exactly that text. */
function readRow(db: Db, key: string): { text: string; value: StoredBreaker } | undefined {
  const row = db.prepare("SELECT state FROM breakers WHERE key = ?").get(key) as
    | { state: string }
    | undefined;
  return row ? { text: row.state, value: JSON.parse(row.state) as StoredBreaker } : undefined;
}
