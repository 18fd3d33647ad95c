import type { Command } from "commander";
import pc from "picocolors";
import { litinkError } from "../../errors/catalog.js";
import type { SearchResult } from "../../rag/command-support.js";
import { chapterList } from "../chapter-list.js";
import { contextWithConfig, examples } from "../options.js";
import { progressPrinter } from "./rag-index.js";

export function register(program: Command): void {
  const command = program
    .command("search")
    .description("find passages of a book: hybrid vector + keyword search over its local index")
    .argument("<book>", "path to the book file (indexed first when needed)")
    .argument("<query>", "what to look for: words, a name, a half-remembered sentence")
    .option("-k, --top <count>", "how many passages (1 to 100)", "5")
    .option("--chapter <numbers>", "only these body chapters, e.g. 3 or 1,4-6")
    .option("--before <number>", "only chapters before this one (no spoilers)")
    .option("-a, --all", "also search front and back matter")
    .option("--tier <tier>", "tier whose embedder indexes the book when it is not indexed yet")
    .option("--offline", "same as --tier local")
    .action(
      async (
        file: string,
        query: string,
        options: {
          top: string;
          chapter?: string;
          before?: string;
          all?: boolean;
          tier?: string;
          offline?: boolean;
        },
        self: Command,
      ) => {
        const { context, loaded } = await contextWithConfig(self);
        const k = positive(options.top, "-k");
        if (k > MAX_TOP)
          throw litinkError("UsageError", {
            detail: `-k is at most ${MAX_TOP}, not ${k}`,
          });
        const chapters =
          options.chapter === undefined ? undefined : chapterList(options.chapter, "--chapter");
        const before =
          options.before === undefined ? undefined : positive(options.before, "--before");
        const { searchWithSetup } = await import("../../rag/command-support.js");
        const result = await searchWithSetup(file, query, {
          flags: { tier: options.tier, offline: options.offline },
          loaded,
          env: context.env,
          events: context.bus,
          onProgress: progressPrinter(context),
          k,
          ...(chapters ? { chapters } : {}),
          ...(before !== undefined ? { before } : {}),
          all: Boolean(options.all),
        });
        context.result("search", result, (data) =>
          renderSearch(data, Boolean(process.stdout.isTTY)),
        );
      },
    );
  examples(command, [
    ['litink search war-and-peace.txt "Natasha at the ball"', "the five best passages"],
    ['litink search book.epub "the letter" -k 10 --before 12', "only chapters 1–11"],
    ['litink search book.epub "Darcy" --chapter 3,5-7 --json | tail -1', "{query, results: [...]}"],
  ]);
}

/** More passages than anyone reads; also keeps the vector search far below vec0's limit. */
const MAX_TOP = 100;

/** Plain digits only: Number() would also take "1e3" and "0x10". */
function positive(value: string, flag: string): number {
  const number = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 1)
    throw litinkError("UsageError", {
      detail: `${flag} wants a whole number from 1, not "${value}"`,
    });
  return number;
}

function renderSearch(result: SearchResult, color: boolean): string {
  if (result.results.length === 0) return `No passages found for "${result.query}".`;
  const words = (
    result.query
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).filter((word) => word.length > 1);
  // Matched on decomposed text with any accents allowed after each letter, as FTS5 folds
  // them: "Natasha" highlights "Natásha".
  const letters = (word: string) =>
    [...word].map((letter) => `${escapeRegExp(letter)}\\p{M}*`).join("");
  const pattern =
    words.length > 0
      ? new RegExp(
          `(?<![\\p{L}\\p{N}\\p{M}])(${words.map(letters).join("|")})(?![\\p{L}\\p{N}])`,
          "giu",
        )
      : null;
  return result.results
    .map((passage, rank) => {
      const where =
        passage.chapterIndex === null || passage.chapterIndex === 0
          ? passage.chapterTitle
          : `${passage.chapterIndex}. ${passage.chapterTitle}`;
      const snippet = snippetOf(passage.text, pattern, 320);
      const text = (
        color && pattern ? snippet.replace(pattern, (match) => pc.bold(pc.yellow(match))) : snippet
      ).normalize("NFC");
      return `${pc.bold(`${rank + 1}.`)} ${pc.cyan(where)} ${pc.dim(`score ${passage.score.toFixed(4)}`)}\n   ${text}`;
    })
    .join("\n\n");
}

/** About `max` characters of the passage, starting shortly before the first match. */
function snippetOf(text: string, pattern: RegExp | null, max: number): string {
  const flat = text.normalize("NFD").replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  pattern?.exec("");
  const first = pattern ? flat.search(pattern) : -1;
  let start = 0;
  if (first > max / 2) {
    const space = flat.lastIndexOf(" ", first - 60);
    start = space > 0 ? space + 1 : 0;
  }
  const end = Math.min(flat.length, start + max);
  const body = flat.slice(start, end).replace(end < flat.length ? /\s+\S*$/ : /$^/, "");
  return `${start > 0 ? "…" : ""}${body}${end < flat.length ? "…" : ""}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
