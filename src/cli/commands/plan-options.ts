import { resolve } from "node:path";
import type { Command } from "commander";
import type { LoadedConfig } from "../../config/load.js";
import { litinkError } from "../../errors/catalog.js";
import { checkMusicFile } from "../../pipeline/music-file.js";
import type { RunOptions } from "../../pipeline/runner-book.js";
import { chapterList } from "../chapter-list.js";

/** The flags `generate` and `estimate` share (a plan is the same for both), plus generate's. */
export interface PlanFlags {
  tier?: string;
  offline?: boolean;
  chapters?: string;
  minutes?: string;
  out?: string;
  aspect?: string;
  quality?: string;
  budget?: string;
  concurrency?: string;
  burnSubtitles?: boolean;
  music?: string;
}

/**
 * The options that shape a plan, defined once so that `estimate` prices exactly what
 * `generate` would do. `litink resume` takes none of them: a run's options are fixed.
 */
export function addPlanOptions(command: Command): Command {
  return command
    .option(
      "--tier <tier>",
      "local, free, basic, standard, premium or professional (default: LITINK_TIER, the config's tier, else local)",
    )
    .option("--offline", "same as --tier local: no network, no keys, nothing spent")
    .option("--chapters <numbers>", "only these body chapters, e.g. 3 or 1,3-5 (default: all)")
    .option("--minutes <number>", "screen time per chapter (default: proportional, capped)")
    .option("--out <folder>", "output folder; files go to <folder>/<book-slug>/ (default: out)")
    .option("--aspect <ratio>", "16:9, 9:16 or 1:1", "16:9")
    .option("--quality <profile>", "draft (small, fast) or standard", "standard");
}

/** Parses and checks the plan flags (and generate's --budget, --concurrency, --burn-subtitles, --music). */
export function runOptions(flags: PlanFlags, loaded: LoadedConfig, cwd: string): RunOptions {
  // Checked now: a missing (66) or non-audio (65) music file fails before any work is done.
  const music = flags.music === undefined ? undefined : resolve(cwd, flags.music);
  if (music !== undefined) checkMusicFile(music);
  const aspect = flags.aspect ?? "16:9";
  if (!["16:9", "9:16", "1:1"].includes(aspect))
    usage(`--aspect wants 16:9, 9:16 or 1:1, not "${aspect}"`);
  const quality = flags.quality ?? "standard";
  if (!["draft", "standard"].includes(quality))
    usage(`--quality wants draft or standard, not "${quality}"`);
  return {
    ...(flags.tier !== undefined ? { tier: flags.tier } : {}),
    ...(flags.offline ? { offline: true } : {}),
    ...(flags.chapters !== undefined
      ? { chapters: chapterList(flags.chapters, "--chapters") }
      : {}),
    ...(flags.minutes !== undefined
      ? { minutes: positive(flags.minutes, "--minutes", false) }
      : {}),
    ...(flags.budget !== undefined ? { budgetUsd: positive(flags.budget, "--budget", false) } : {}),
    ...(flags.concurrency !== undefined
      ? { concurrency: positive(flags.concurrency, "--concurrency", true) }
      : {}),
    ...(flags.burnSubtitles ? { burnSubtitles: true } : {}),
    ...(music !== undefined ? { music } : {}),
    aspect: aspect as RunOptions["aspect"],
    quality: quality as RunOptions["quality"],
    out: resolve(cwd, flags.out ?? loaded.config.out),
  };
}

export function positive(value: string, flag: string, whole: boolean): number {
  const pattern = whole ? /^\s*\d+\s*$/ : /^\s*\d+(?:\.\d+)?\s*$/;
  const number = pattern.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0)
    usage(`${flag} wants a positive ${whole ? "whole number" : "number"}, not "${value}"`);
  return number;
}

function usage(detail: string): never {
  throw litinkError("UsageError", { detail });
}
