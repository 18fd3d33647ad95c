import type { Command } from "commander";
import pc from "picocolors";
import type { IndexedBook } from "../../rag/book-index.js";
import type { CommandContext } from "../context.js";
import { contextWithConfig, examples } from "../options.js";

export function register(program: Command): void {
  const command = program
    .command("index")
    .description("build or update the local search index of a book (only changed chapters)")
    .argument("<book>", "path to the book file")
    .option(
      "--tier <tier>",
      "embed with this tier's embedding chain (default: LITINK_TIER, the config's tier, else local)",
    )
    .option("--offline", "same as --tier local")
    .action(async (file: string, options: { tier?: string; offline?: boolean }, self: Command) => {
      const { context, loaded } = await contextWithConfig(self);
      const { indexWithSetup } = await import("../../rag/command-support.js");
      const result = await indexWithSetup(file, {
        flags: options,
        loaded,
        env: context.env,
        events: context.bus,
        onProgress: progressPrinter(context),
      });
      context.result("index", result, renderIndex);
    });
  examples(command, [
    ["litink index war-and-peace.txt", "offline: hashed local embeddings, no keys"],
    ["litink index book.epub --tier basic", "OpenAI embeddings (falls back to local)"],
    [
      "litink index book.epub --json | tail -1",
      "{book, chapters, passages, reused, embedded, embedder, ms}",
    ],
  ]);
}

/** Chapters done/total on stderr: redrawn on a TTY, every tenth otherwise; silent for --json/--quiet. */
export function progressPrinter(
  context: CommandContext,
): ((done: number, total: number) => void) | undefined {
  if (context.options.json || context.options.quiet) return undefined;
  const tty = Boolean(process.stderr.isTTY);
  let lastTenth = -1;
  return (done, total) => {
    if (tty) {
      process.stderr.write(`\r${pc.dim("indexing")} ${done}/${total} chapters`);
      if (done === total) process.stderr.write("\n");
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      process.stderr.write(`indexing ${done}/${total} chapters\n`);
    }
  };
}

function renderIndex(result: IndexedBook): string {
  const seconds = (result.ms / 1000).toFixed(1);
  return `${pc.bold(result.title ?? result.book)}: ${result.chapters} chapters, ${result.passages.toLocaleString("en")} passages — ${result.embedded} embedded, ${result.reused} unchanged${result.removed ? `, ${result.removed} removed` : ""} ${pc.dim(`(${result.embedder}, ${seconds} s)`)}`;
}
