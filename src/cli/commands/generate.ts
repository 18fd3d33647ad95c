import { resolve } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import type { LoadedConfig } from "../../config/load.js";
import type { GenerateOptions, GenerateResult } from "../../pipeline/generate.js";
import type { CommandContext } from "../context.js";
import { contextWithConfig, examples } from "../options.js";
import { addPlanOptions, type PlanFlags, runOptions } from "./plan-options.js";

export function register(program: Command): void {
  const command = program
    .command("generate")
    .description(
      "the whole job: bible, screenplays, images, voices, chapter videos (MP4 + SRT/VTT), storyboard.html and timeline.otio for each book",
    )
    .argument("<books...>", "one or more book files (a batch runs them in turn)");
  addPlanOptions(command)
    .option(
      "--budget <usd>",
      "spending limit in USD for the whole call, all books together (default: config budgetUsd)",
    )
    .option("--concurrency <n>", "tasks at once per provider and modality (default: 4, local 2)")
    .option("--burn-subtitles", "draw the subtitles into the picture too (the soft track stays)")
    .option(
      "--music <file>",
      "a music bed (WAV, MP3, Ogg, FLAC, M4A), looped and ducked under speech",
    );
  addRunAction(command);
  examples(command, [
    ["litink generate examples/alice-in-wonderland.md", "offline, free: out/alice-in-wonderland/"],
    ["litink generate book.epub --chapters 1 --quality draft", "a quick first look at chapter 1"],
    ["litink generate book.epub --tier basic --budget 2", "paid models, at most $2"],
    [
      "litink generate book.epub --music bed.mp3 --burn-subtitles",
      "music under the voices, subtitles drawn into the picture",
    ],
    ["litink generate a.epub b.pdf c.docx --json", "a CI batch: NDJSON, last line {books: [...]}"],
    ["litink resume r-20261127-a1b2c3", "continue an interrupted run"],
  ]);
}

function addRunAction(command: Command): void {
  command.action(async (files: string[], flags: PlanFlags, self: Command) => {
    const { context, loaded } = await contextWithConfig(self);
    const options = runOptions(flags, loaded, context.cwd);
    const result = await runGenerate(context, loaded, {
      files: files.map((file) => resolve(context.cwd, file)),
      options,
    });
    finish(context, result);
  });
}

/**
 * Runs `generate` with the progress view and signal handling: the first SIGINT/SIGTERM stops
 * scheduling and lets calls in flight finish (about 10 s at most); a second one records the
 * runs as interrupted (synchronously) and quits at once (they stay resumable: tasks left
 * running are pending again on resume).
 */
export async function runGenerate(
  context: CommandContext,
  loaded: LoadedConfig,
  request: Pick<GenerateOptions, "files" | "options" | "resume">,
): Promise<GenerateResult> {
  const controller = new AbortController();
  const { interruptHeldRuns } = await import("../../pipeline/run-lease.js");
  const onSignal = () => {
    if (controller.signal.aborted) {
      for (const runId of interruptHeldRuns())
        if (!context.options.json)
          process.stderr.write(`\ninterrupted; resume with: litink resume ${runId}\n`);
      process.exit(75);
    }
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

/**
 * One book: its fields as the result; several: `{books}` (DESIGN.md §4). Sets the exit code.
 * `command` names the result line (`resume` reuses this).
 */
export function finish(
  context: CommandContext,
  result: GenerateResult,
  command: "generate" | "resume" = "generate",
): void {
  const [only] = result.books;
  if (result.books.length === 1 && only)
    context.result(command, { ...only }, () => renderBooks(result));
  else context.result(command, { books: result.books }, () => renderBooks(result));
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
