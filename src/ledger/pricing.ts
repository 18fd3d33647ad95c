import type { Price } from "../config/defaults.js";
import type { Usage } from "../providers/spec/shared.js";

export type CostSource = "provider" | "price-table" | "free";

export interface Cost {
  usd: number;
  source: CostSource;
  /** Units actually billed: the reported usage, gaps filled from the estimate. */
  units: Usage;
  /** Usage fields the provider did not report, taken from the estimate instead. */
  estimatedFields: Array<keyof Usage>;
  /** A paid model with no price in the table: `usd` is 0 and must not be trusted. */
  unpriced: boolean;
}

export interface CostInput {
  provider: string;
  modelId: string;
  usage: Usage;
  /** What the provider itself said the call cost (OpenRouter `usage.cost`). */
  providerCostUsd?: number;
  /** The pre-call estimate, used for any unit the provider did not report. */
  estimate?: Usage;
  prices: Readonly<Record<string, Price>>;
}

/** Each price field and the usage field (and divisor) it applies to. */
const RATES: ReadonlyArray<[keyof Price, keyof Usage, number]> = [
  ["inputPerMTokens", "inputTokens", 1_000_000],
  ["outputPerMTokens", "outputTokens", 1_000_000],
  ["perMTokens", "tokens", 1_000_000],
  ["perImage", "images", 1],
  ["perVideoSecond", "videoSeconds", 1],
  ["per1kCharacters", "characters", 1000],
];

/**
 * The cost of one call. The provider's own figure wins; otherwise the price table, where a
 * unit the provider did not report comes from the estimate (unknown is never billed as 0).
 * Local models are free.
 */
export function costOf(input: CostInput): Cost {
  const units: Usage = { ...input.usage };
  const estimatedFields: Array<keyof Usage> = [];
  const price = input.prices[`${input.provider}:${input.modelId}`];
  let usd = 0;
  if (price) {
    for (const [priceField, usageField, divisor] of RATES) {
      const rate = price[priceField];
      if (rate === undefined) continue;
      let amount = units[usageField];
      if (amount === undefined) {
        amount = input.estimate?.[usageField] ?? 0;
        units[usageField] = amount;
        estimatedFields.push(usageField);
      }
      usd += (rate * amount) / divisor;
    }
  }
  if (input.provider === "local") {
    return { usd: 0, source: "free", units, estimatedFields: [], unpriced: false };
  }
  if (input.providerCostUsd !== undefined && Number.isFinite(input.providerCostUsd)) {
    return {
      usd: Math.max(0, input.providerCostUsd),
      source: "provider",
      units,
      estimatedFields: [],
      unpriced: false,
    };
  }
  return { usd, source: "price-table", units, estimatedFields, unpriced: price === undefined };
}

/** The price-table cost of some units (estimates, reservations). */
export function priceOf(
  provider: string,
  modelId: string,
  units: Usage,
  prices: Readonly<Record<string, Price>>,
): number {
  return costOf({ provider, modelId, usage: units, prices }).usd;
}
