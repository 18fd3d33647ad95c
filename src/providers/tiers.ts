import { defaultPrices, defaultTiers, type Price, parseModelRef } from "../config/defaults.js";
import type { ConfigSource, LoadedConfig } from "../config/load.js";
import { resolveTier } from "../config/load.js";
import { type LitinkConfig, type Tier, tiers } from "../config/schema.js";
import { litinkError } from "../errors/catalog.js";
import type { Modality } from "./spec/shared.js";

/** The environment variable holding each provider's key; `local` needs none. */
export const KEY_VARIABLES: Record<string, string | null> = {
  openrouter: "OPENROUTER_API_KEY",
  openai: "OPENAI_API_KEY",
  elevenlabs: "ELEVENLABS_API_KEY",
  modelslab: "MODELSLAB_API_KEY",
  local: null,
};

/** A tier's chain for one modality: config `tiers` overrides the defaults. */
export function chainFor(tier: Tier, modality: Modality, config: LitinkConfig): string[] {
  return config.tiers?.[tier]?.[modality] ?? defaultTiers[tier][modality];
}

export function priceFor(ref: string, config: LitinkConfig): Price | undefined {
  return pricesFor(config)[ref];
}

/** The price table in force: the defaults with the config's `prices` over them. */
export function pricesFor(config: LitinkConfig): Record<string, Price> {
  return { ...defaultPrices, ...config.prices };
}

/** Whether a model reference can be called here: local always, others when their key is set. */
export function isUsable(ref: string, env: NodeJS.ProcessEnv): boolean {
  const { provider } = parseModelRef(ref);
  const variable = KEY_VARIABLES[provider];
  if (variable === undefined) return false;
  return variable === null || Boolean(env[variable]?.trim());
}

/**
 * Tier selection (DESIGN.md §2): --tier > LITINK_TIER > config `tier` > local. `--offline`
 * means `--tier local`; with another tier it is a usage error. Keys alone never switch tiers.
 */
export function selectTier(
  flags: { tier?: string; offline?: boolean },
  loaded: LoadedConfig,
): { tier: Tier; tierSource: ConfigSource } {
  if (flags.tier !== undefined && !(tiers as readonly string[]).includes(flags.tier)) {
    throw litinkError("UsageError", {
      detail: `--tier ${flags.tier} is not a tier; use one of ${tiers.join(", ")}.`,
    });
  }
  if (flags.offline) {
    if (flags.tier !== undefined && flags.tier !== "local") {
      throw litinkError("UsageError", {
        detail: `--offline means --tier local, so it cannot be combined with --tier ${flags.tier}.`,
      });
    }
    return { tier: "local", tierSource: "flag" };
  }
  if (flags.tier !== undefined) return { tier: flags.tier as Tier, tierSource: "flag" };
  return resolveTier(loaded);
}

/**
 * Before anything is spent: every modality the tier uses needs at least one usable link,
 * else a configuration error (78) naming the missing keys. Returns the usable chains.
 */
export function usableChains(
  tier: Tier,
  config: LitinkConfig,
  env: NodeJS.ProcessEnv,
  needed: readonly Modality[],
): Record<Modality, string[]> {
  const result = {} as Record<Modality, string[]>;
  const missing: string[] = [];
  for (const modality of needed) {
    const chain = chainFor(tier, modality, config);
    const usable = chain.filter((ref) => isUsable(ref, env));
    if (chain.length > 0 && usable.length === 0) {
      const variables = [
        ...new Set(
          chain.map(
            (ref) => KEY_VARIABLES[parseModelRef(ref).provider] ?? `(unknown provider in "${ref}")`,
          ),
        ),
      ];
      missing.push(`${modality}: set ${variables.join(" or ")}`);
    }
    result[modality] = usable;
  }
  if (missing.length > 0) throw litinkError("MissingProviderKey", { tier, missing });
  return result;
}
