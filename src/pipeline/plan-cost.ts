import type { Price } from "../config/defaults.js";
import type { TaskKind } from "./graph.js";
import { TASK_SECONDS } from "./plan-constants.js";

/**
 * What one task costs before it runs: USD from the price of the chain's FIRST ref (the one
 * that serves unless something fails; a fallback is cheaper or free, so this is the ceiling
 * worth budgeting) and seconds from rough per-provider constants.
 */

/** The size of a task's work, in the units its price and duration use. */
export interface Workload {
  /** Words read or spoken (index, adapt, speech). */
  words?: number;
  /** Characters spoken (speech pricing). */
  characters?: number;
  /** Seconds of video a clip (or a chapter render) makes. */
  clipSeconds?: number;
  /** A render's profile: drafts encode far faster. */
  quality?: "draft" | "standard";
  inputTokens?: number;
  outputTokens?: number;
}

/** `provider` of a ref `provider:model`; `local` when the task calls no provider. */
export function providerOf(ref: string | undefined): string {
  if (ref === undefined) return "local";
  const colon = ref.indexOf(":");
  return colon <= 0 ? ref : ref.slice(0, colon);
}

export function estimateTask(
  kind: TaskKind,
  chain: readonly string[],
  work: Workload,
  prices: Readonly<Record<string, Price>>,
): { usd: number; seconds: number } {
  const first = chain[0];
  const provider = providerOf(first);
  const price = first !== undefined && provider !== "local" ? prices[first] : undefined;
  return {
    usd: round(usdOf(kind, price, work), 6),
    seconds: round(secondsOf(kind, provider, work), 3),
  };
}

function usdOf(kind: TaskKind, price: Price | undefined, work: Workload): number {
  if (!price) return 0;
  switch (kind) {
    case "bible":
    case "adapt": {
      const input = price.inputPerMTokens ?? price.perMTokens ?? 0;
      const output = price.outputPerMTokens ?? price.perMTokens ?? 0;
      return ((work.inputTokens ?? 0) * input + (work.outputTokens ?? 0) * output) / 1_000_000;
    }
    case "portrait":
    case "image":
      return price.perImage ?? 0;
    case "clip":
      return (price.perVideoSecond ?? 0) * (work.clipSeconds ?? 0);
    case "speech":
      return ((price.per1kCharacters ?? 0) * (work.characters ?? 0)) / 1000;
    default:
      return 0;
  }
}

function secondsOf(kind: TaskKind, provider: string, work: Workload): number {
  const local = provider === "local";
  const words = work.words ?? 0;
  switch (kind) {
    case "ingest":
      return TASK_SECONDS.ingest;
    case "index":
      return (words / 1000) * TASK_SECONDS.indexPerThousandWords;
    case "bible":
      return local ? TASK_SECONDS.bibleLocal : TASK_SECONDS.bibleLlm;
    case "adapt":
      return local
        ? (words / 1000) * TASK_SECONDS.adaptLocalPerThousandWords
        : Math.max(1, Math.ceil(words / TASK_SECONDS.adaptSectionWords)) *
            TASK_SECONDS.adaptLlmPerSection;
    case "portrait":
    case "image":
      return local ? TASK_SECONDS.imageLocal : TASK_SECONDS.imageRemote;
    case "speech":
      return local ? (words / 10) * TASK_SECONDS.speechLocalPerTenWords : TASK_SECONDS.speechRemote;
    case "clip":
      return local
        ? (work.clipSeconds ?? 0) * TASK_SECONDS.clipLocalPerClipSecond
        : TASK_SECONDS.clipRemote;
    case "render":
      return (
        (work.clipSeconds ?? 0) *
        (work.quality === "draft"
          ? TASK_SECONDS.renderPerVideoSecondDraft
          : TASK_SECONDS.renderPerVideoSecondStandard)
      );
    case "exports":
      return TASK_SECONDS.exports;
  }
}

/** Rounded to `digits` decimals (estimates print without float noise). */
export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}
