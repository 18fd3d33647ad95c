import { relative, resolve } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import { litinkError } from "../../errors/catalog.js";
import type { ScriptResult } from "../../script/run.js";
import { chapterList } from "../chapter-list.js";
import type { CommandContext } from "../context.js";
import { contextWithConfig, examples } from "../options.js";
import { progressPrinter } from "./rag-index.js";

interface ScriptFlags {
  chapters?: string;
  minutes?: string;
  tier?: string;
  offline?: boolean;
  out?: string;
  rebuildBible?: boolean;
  rewrite?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command("script")
    .description(
      "adapt a book: story bible (bible.json) and a screenplay per chapter (JSON + Fountain)",
    )
    .argument("<book>", "path to the book file")
    .option("--chapters <numbers>", "only these body chapters, e.g. 3 or 1,3-5 (default: all)")
    .option("--minutes <number>", "screen time per chapter (default: proportional, capped)")
    .option(
      "--tier <tier>",
      "tier whose text models write the screenplay (default: LITINK_TIER, the config's tier, else local)",
    )
    .option("--offline", "same as --tier local: the extractive writer, no LLM")
    .option("--out <folder>", "output folder; files go to <folder>/<book-slug>/ (default: out)")
    .option("--rebuild-bible", "draft a new bible.json even when one exists (edits are lost)")
    .option(
      "--rewrite",
      "adapt the chosen chapters again even when their screenplays are current (offline runs otherwise keep an LLM's)",
    )
    .action(async (file: string, options: ScriptFlags, self: Command) => {
      const { context, loaded } = await contextWithConfig(self);
      const chapters =
        options.chapters === undefined ? undefined : chapterList(options.chapters, "--chapters");
      const minutes = options.minutes === undefined ? undefined : positiveMinutes(options.minutes);
      const stop = chapterPrinter(context);
      const { runScript } = await import("../../script/run.js");
      try {
        const result = await runScript({
          file,
          ...(chapters ? { chapters } : {}),
          ...(minutes !== undefined ? { minutes } : {}),
          flags: { tier: options.tier, offline: options.offline },
          rebuildBible: Boolean(options.rebuildBible),
          rewrite: Boolean(options.rewrite),
          out: resolve(context.cwd, options.out ?? loaded.config.out),
          loaded,
          env: context.env,
          events: context.bus,
          onIndexProgress: progressPrinter(context),
        });
        context.result("script", result, (data) => renderScript(data, context.cwd));
      } finally {
        stop();
      }
    });
  examples(command, [
    ["litink script book.epub", "offline: bible.json + out/book/script/*"],
    ["litink script book.epub --chapters 1,3-5 --minutes 3", "three minutes per chapter"],
    ["litink script book.epub --tier basic", "written by the basic tier's LLMs"],
    [
      "litink script book.epub --json | tail -1",
      "{book, out, bible, fountain, characters, chapters: [...]}",
    ],
  ]);
}

/** Minutes may be fractional; plain decimal notation only (no "1e3", "0x10"). */
function positiveMinutes(value: string): number {
  const number = /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0)
    throw litinkError("UsageError", {
      detail: `--minutes wants a positive number of minutes, like 3 or 1.5, not "${value}"`,
    });
  return number;
}

/** One line per chapter on stderr as it is adapted; silent for --json/--quiet. */
function chapterPrinter(context: CommandContext): () => void {
  if (context.options.json || context.options.quiet) return () => {};
  return context.bus.subscribe((event) => {
    if (event.type !== "task-end" || event.kind !== "adapt") return;
    const ms = Number(event.ms);
    const seconds = ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
    const cost = Number(event.costUsd) > 0 ? `, $${Number(event.costUsd).toFixed(4)}` : "";
    const what =
      event.status === "failed"
        ? pc.red("failed")
        : `${plural(Number(event.scenes), "scene")}, ${plural(Number(event.lines), "line")}, ~${Number(event.minutes).toFixed(1)} min${event.status === "cached" ? pc.dim(" (unchanged)") : ""}`;
    process.stderr.write(
      `${pc.bold(`${String(event.chapter)}.`)} ${String(event.title ?? "")}: ${what} ${pc.dim(`${seconds}${cost}`)}\n`,
    );
  });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function renderScript(result: ScriptResult, cwd: string): string {
  const where = (path: string) => relative(cwd, path) || ".";
  const chapters = result.chapters.length;
  return [
    `${plural(chapters, "chapter")} adapted`,
    `${pc.bold("Bible")}     ${where(result.bible)} ${pc.dim(`(${result.characters} characters)`)}`,
    `${pc.bold("Scripts")}   ${where(resolve(result.out, "script"))}/chapter-*.json`,
    `${pc.bold("Fountain")}  ${where(result.fountain)}`,
  ].join("\n");
}
