import type { Task } from "./graph.js";

/** How many tasks may run at once: per `provider:modality` key and overall. */
export interface ConcurrencyLimits {
  /** Per key for providers called over the network (default 4). */
  remote: number;
  /** Shared by every `local` task, whatever its modality: they compete for the same cores. */
  local: number;
  /** All tasks together (default 16). */
  overall: number;
}

export const defaultLimits: ConcurrencyLimits = { remote: 4, local: 2, overall: 16 };

/** `--concurrency N` overrides every per-key limit (and the overall cap when it is smaller). */
export function limitsFor(concurrency?: number): ConcurrencyLimits {
  if (concurrency === undefined) return defaultLimits;
  return {
    remote: concurrency,
    local: concurrency,
    overall: Math.max(concurrency, defaultLimits.overall),
  };
}

/**
 * The pool a task waits in: the provider and modality of its first chain ref (the link that
 * serves it unless something fails). Local providers share one pool, and so does work that
 * calls no provider (reading, indexing, the extractive writer): both run on this machine.
 */
export function concurrencyKey(task: Task): string {
  const first = task.chain[0];
  const provider = first === undefined ? "local" : (first.split(":")[0] ?? "local");
  if (provider === "local") return "local";
  return `${provider}:${task.modality ?? "none"}`;
}

export function limitOf(key: string, limits: ConcurrencyLimits): number {
  return Math.max(1, key === "local" ? limits.local : limits.remote);
}
