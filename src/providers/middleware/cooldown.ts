import type { ResilienceContext } from "./policy.js";

export interface Cooldown {
  /** What cools down: a provider ("modelslab") or one of its models ("openrouter:openai/gpt-4o"). */
  provider: string;
  until: Date;
  reason: string;
}

/**
 * Providers whose rate limits are per model (OpenRouter per upstream model, OpenAI per
 * model): a 429/503 cools down only that model, so the chain's next model of the same
 * provider is still tried. Others (ModelsLab, ElevenLabs) queue and limit concurrency per
 * account, so a 429/503 there cools the whole provider down.
 */
const PER_MODEL_LIMITS: ReadonlySet<string> = new Set(["openrouter", "openai"]);

/** The cooldown key a 429/503 from this model starts. */
export function cooldownKey(target: { provider: string; modelId: string }): string {
  return PER_MODEL_LIMITS.has(target.provider)
    ? `${target.provider}:${target.modelId}`
    : target.provider;
}

/** The cooldown that keeps this model from being called: its provider's or its own. */
export function cooldownOf(
  context: ResilienceContext,
  target: { provider: string; modelId: string },
): Cooldown | undefined {
  return (
    activeCooldown(context, target.provider) ??
    activeCooldown(context, `${target.provider}:${target.modelId}`)
  );
}

/**
 * Puts a provider (or one model, key "<provider>:<model>") on cooldown after a 429/503 (table `cooldowns`, shared by processes). A
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
  const colon = provider.indexOf(":");
  context.events?.emit("cooldown-start", {
    ...(colon < 0
      ? { provider }
      : { provider: provider.slice(0, colon), model: provider.slice(colon + 1) }),
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
