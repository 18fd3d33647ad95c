import type { ResilienceContext } from "./policy.js";

export interface Cooldown {
  provider: string;
  until: Date;
  reason: string;
}

/**
 * Puts a provider on cooldown after a 429/503 (table `cooldowns`, shared by processes). A
 * later `until` never shortens an earlier one. ISO timestamps of one format sort as text.
 */
export function startCooldown(
  context: ResilienceContext,
  provider: string,
  durationMs: number,
  reason: string,
): Cooldown {
  const now = context.now?.() ?? Date.now();
  const until = new Date(now + durationMs).toISOString();
  context.db
    .prepare(
      `INSERT INTO cooldowns (provider, until, reason) VALUES (?, ?, ?)
       ON CONFLICT(provider) DO UPDATE SET
         reason = CASE WHEN excluded.until > until THEN excluded.reason ELSE reason END,
         until = MAX(until, excluded.until)`,
    )
    .run(provider, until, reason);
  const cooldown = activeCooldown(context, provider) ?? {
    provider,
    until: new Date(until),
    reason,
  };
  context.events?.emit("cooldown-start", {
    provider,
    until: cooldown.until.toISOString(),
    reason: cooldown.reason,
  });
  return cooldown;
}

/** The provider's cooldown if it has not ended yet. */
export function activeCooldown(context: ResilienceContext, provider: string): Cooldown | undefined {
  const row = context.db
    .prepare("SELECT until, reason FROM cooldowns WHERE provider = ?")
    .get(provider) as { until: string; reason: string } | undefined;
  if (!row) return undefined;
  const until = new Date(row.until);
  if (until.getTime() <= (context.now?.() ?? Date.now())) return undefined;
  return { provider, until, reason: row.reason };
}
