import { resolve } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import type { LoadedConfig } from "../../config/load.js";
import { litinkError } from "../../errors/catalog.js";
import type { GenerateOptions, GenerateResult } from "../../pipeline/generate.js";
import type { RunOptions } from "../../pipeline/runner-book.js";
import { chapterList } from "../chapter-list.js";
import type { CommandContext } from "../context.js";
import { contextWithConfig, examples } from "../options.js";

export interface GenerateFlags {
  tier?: string;
  offline?: boolean;
  chapters?: string;
  minutes?: string;
  out?: string;
  budget?: string;
  concurrency?: string;
  aspect?: string;
  quality?: string;
}

export function register(program: Command): void {
  const command = program
    .command("generate")
    .description("the whole job: bible, screenplays, images, voices and clips for each book")
    .argument("<books...>", "one or more book files (a batch runs them in turn)")
    .option(
      "--tier <tier>",
      "local, free, basic, standard, premium or professional (default: LITINK_TIER, the config's tier, else local)",
    )
    .option("--offline", "same as --tier local: no network, no keys, nothing spent")
    .option("--chapters <numbers>", "only these body chapters, e.g. 3 or 1,3-5 (default: all)")
    .option("--minutes <number>", "screen time per chapter (default: proportional, capped)")
    .option("--out <folder>", "output folder; files go to <folder>/<book-slug>/ (default: out)")
    .option(
      "--budget <usd>",
      "spending limit in USD for the whole call (default: config budgetUsd)",
    )
    .option("--concurrency <n>", "tasks at once per provider and modality (default: 4, local 2)")
    .option("--aspect <ratio>", "16:9, 9:16 or 1:1", "16:9")
    .option("--quality <profile>", "draft (small, fast) or standard", "standard");
  addRunAction(command);
  examples(command, [
    ["litink generate examples/alice-in-wonderland.md", "offline, free: out/alice-in-wonderland/"],
    ["litink generate book.epub --chapters 1 --quality draft", "a quick first look at chapter 1"],
    ["litink generate book.epub --tier basic --budget 2", "paid models, at most $2"],
    ["litink generate a.epub b.pdf c.docx --json", "a CI batch: NDJSON, last line {books: [...]}"],
    ["litink resume r-20261127-a1b2c3", "continue an interrupted run"],
  ]);
}

function addRunAction(command: Command): void {
  command.action(async (files: string[], flags: GenerateFlags, self: Command) => {
    const { context, loaded } = await contextWithConfig(self);
    const options = runOptions(flags, loaded, context.cwd);
    const result = await runGenerate(context, loaded, {
      files: files.map((file) => resolve(context.cwd, file)),
      options,
    });
    finish(context, result);
  });
}

/** Parses and checks the flags shared by generate, estimate and resume. */
export function runOptions(flags: GenerateFlags, loaded: LoadedConfig, cwd: string): RunOptions {
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
    aspect: aspect as RunOptions["aspect"],
    quality: quality as RunOptions["quality"],
    out: resolve(cwd, flags.out ?? loaded.config.out),
  };
}

function positive(value: string, flag: string, whole: boolean): number {
  const pattern = whole ? /^\s*\d+\s*$/ : /^\s*\d+(?:\.\d+)?\s*$/;
  const number = pattern.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0)
    usage(`${flag} wants a positive ${whole ? "whole number" : "number"}, not "${value}"`);
  return number;
}

function usage(detail: string): never {
  throw litinkError("UsageError", { detail });
}

/**
 * Runs `generate` with the progress view and signal handling: the first SIGINT/SIGTERM stops
 * scheduling and lets calls in flight finish (about 10 s at most); a second one quits at once
 * (the run stays resumable: tasks left running are pending again on resume).
 */
export async function runGenerate(
  context: CommandContext,
  loaded: LoadedConfig,
  request: Pick<GenerateOptions, "files" | "options" | "resume">,
): Promise<GenerateResult> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(75);
    if (!context.options.json)
      process.stderr.write(
        `\n${pc.yellow("stopping")}: letting calls in flight finish (press Ctrl-C again to quit now)\n`,
      );
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const { progressReporter } = await import("../reporters/progress.js");
  const stopProgress = progressReporter(context);
  try {
    const { generate } = await import("../../pipeline/generate.js");
    return await generate({
      ...request,
      loaded,
      env: context.env,
      events: context.bus,
      signal: controller.signal,
      ...(confirmable(context) ? { confirmOverBudget: askOverBudget } : {}),
    });
  } finally {
    await stopProgress();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

function confirmable(context: CommandContext): boolean {
  return !context.options.json && Boolean(process.stdin.isTTY) && Boolean(process.stderr.isTTY);
}

async function askOverBudget(estimateUsd: number, limitUsd: number): Promise<boolean> {
  const { createInterface } = await import("node:readline/promises");
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(
      `The estimate ($${estimateUsd.toFixed(2)}) exceeds the budget ($${limitUsd.toFixed(2)}). Go on anyway? [y/N] `,
    );
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}

/** One book: its fields as the result; several: `{books}` (DESIGN.md §4). Sets the exit code. */
export function finish(context: CommandContext, result: GenerateResult): void {
  const [only] = result.books;
  if (result.books.length === 1 && only)
    context.result("generate", { ...only }, () => renderBooks(result));
  else context.result("generate", { books: result.books }, () => renderBooks(result));
  process.exitCode = result.exitCode;
}

function renderBooks(result: GenerateResult): string {
  const lines: string[] = [];
  for (const book of result.books) {
    const mark =
      book.exitCode === 0 ? pc.green("✔") : book.exitCode === 75 ? pc.yellow("■") : pc.red("✖");
    const cost = `$${book.spentUsd.toFixed(book.spentUsd > 0 && book.spentUsd < 0.01 ? 4 : 2)}`;
    lines.push(
      `${mark} ${pc.bold(book.input)} ${book.status} ${pc.dim(`${book.runId ?? ""} · ${book.calls} calls · ${book.cached} cached · ${cost}`)}`,
    );
    if (book.error)
      lines.push(
        `  ${book.error.message}${book.error.hint ? pc.dim(` → ${book.error.hint}`) : ""}`,
      );
    if (book.exitCode === 75 && book.runId)
      lines.push(`  resume with: ${pc.bold(`litink resume ${book.runId}`)}`);
    const report = book.outputs.find((path) => path.endsWith("report.json"));
    if (report) lines.push(`  ${pc.dim(report)}`);
  }
  return lines.join("\n");
}
