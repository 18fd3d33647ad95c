import type { LitinkConfig } from "../config/schema.js";
import type { Task } from "./graph.js";

/** How many tasks may run at once: per `provider:modality` key and overall. */
export interface ConcurrencyLimits {
  /** Per key for providers called over the network (default 4). */
  remote: number;
  /** Shared by every `local` task, whatever its modality: they compete for the same cores. */
  local: number;
  /** All tasks together (default 16). */
  overall: number;
  /** Limits for one provider (`elevenlabs`) or one pool (`modelslab:video`), from config. */
  perKey?: Readonly<Record<string, number>>;
}

export const defaultLimits: ConcurrencyLimits = { remote: 4, local: 2, overall: 16 };

/**
 * The limits of a run: config `concurrency` (its defaults are `defaultLimits`), then
 * `--concurrency N`, which overrides every per-pool limit (and the overall cap when larger).
 */
export function limitsFor(
  concurrency?: number,
  configured?: LitinkConfig["concurrency"],
): ConcurrencyLimits {
  const base: ConcurrencyLimits = configured
    ? {
        remote: configured.remote,
        local: configured.local,
        overall: configured.overall,
        ...(configured.providers ? { perKey: configured.providers } : {}),
      }
    : defaultLimits;
  if (concurrency === undefined) return base;
  return {
    remote: concurrency,
    local: concurrency,
    overall: Math.max(concurrency, base.overall),
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

/** A pool's limit: its own configured one, else its provider's, else remote/local. */
export function limitOf(key: string, limits: ConcurrencyLimits): number {
  const provider = key.split(":")[0] ?? key;
  const own = limits.perKey?.[key] ?? limits.perKey?.[provider];
  return Math.max(1, own ?? (key === "local" ? limits.local : limits.remote));
}
