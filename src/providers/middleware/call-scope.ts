import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/**
 * A minimal event sink, so providers never import the CLI: `EventBus` from `src/events/bus.ts`
 * satisfies it, and so does a test's array.
 */
export interface EventSink {
  emit(type: string, fields: Record<string, unknown>): void;
}

/**
 * The logical call that the layers of one model stack serve together. The spec's call
 * options have no room for it (and should not: they are the provider's business), so an
 * outer layer opens a scope and inner layers read it, e.g. to file attempts under one id.
 */
export interface CallScope {
  /** Shared by every attempt of the call and by its ledger row. */
  callId: string;
  runId?: string;
  taskId?: string;
  /** Set by the fallback chain: a failure of this link moves on to another model. */
  hasFallback?: boolean;
}

const storage = new AsyncLocalStorage<CallScope>();

export function currentScope(): CallScope | undefined {
  return storage.getStore();
}

/** Runs `work` in the open scope, or in a new one with a fresh call id if none is open. */
export function inScope<T>(work: () => Promise<T>): Promise<T> {
  if (storage.getStore()) return work();
  return storage.run({ callId: randomUUID() }, work);
}

/** Runs `work` in exactly this scope. */
export function runInScope<T>(scope: CallScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
}
