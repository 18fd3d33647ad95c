import { basename, extname, join, resolve } from "node:path";
import type { LoadedConfig } from "../config/load.js";
import type { EventSink } from "../providers/middleware/index.js";
import { slugify } from "../script/slug.js";
import type { BookOutcome, RunOptions, SharedRun } from "./runner-book.js";

export type { BookOutcome, RunOptions } from "./runner-book.js";

export interface GenerateOptions {
  files: string[];
  options: RunOptions;
  loaded: LoadedConfig;
  env: NodeJS.ProcessEnv;
  events: EventSink;
  signal?: AbortSignal;
  /** `litink resume`: continue this run (one book) in its folder, under the same id. */
  resume?: { runId: string; folder: string };
  /** On a TTY: may the run go over its budget's estimate? (else it stops before paying). */
  confirmOverBudget?: (estimateUsd: number, limitUsd: number) => Promise<boolean>;
  graceMs?: number;
}

export interface GenerateResult {
  books: BookOutcome[];
  /** 0, or the first failing book's code. */
  exitCode: number;
}

/**
 * `litink generate` without the CLI, for one or several books, one after another. The budget
 * (`--budget`, else config `budgetUsd`) covers the whole call: each book's run gets a budget
 * scope of its own (its run id, so a resume can raise it) whose limit is what the books
 * before it left over. Books run in turn, so the split is exact and never over-commits. A
 * failed book does not stop the batch; an interrupt does (the rest are `not-started`).
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { selectTier, usableChains } = await import("../providers/tiers.js");
  const { tier, tierSource } = selectTier(options.options, options.loaded);
  // Before anything is read or spent: a paid tier without a usable key is exit 78.
  const chains = usableChains(tier, options.loaded.config, options.env, [
    "text",
    "embedding",
    "image",
    "video",
    "speech",
  ]);
  const { openStore } = await import("../store/db.js");
  const { RunStore, newRunId } = await import("./runs.js");
  const db = await openStore(options.loaded.home);
  const signal = options.signal ?? new AbortController().signal;
  const shared: SharedRun = {
    db,
    runs: new RunStore(db),
    loaded: options.loaded,
    env: options.env,
    events: options.events,
    signal,
    tier,
    tierSource,
    chains,
    options: options.options,
    ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
    ...(options.confirmOverBudget ? { confirmOverBudget: options.confirmOverBudget } : {}),
  };
  const { runBook } = await import("./runner-book.js");
  let leftUsd = options.options.budgetUsd ?? options.loaded.config.budgetUsd;
  const books: BookOutcome[] = [];
  try {
    const folders = bookFolders(options.files, options.options.out);
    for (const [index, file] of options.files.entries()) {
      if (signal.aborted) {
        books.push(notStarted(file));
        continue;
      }
      const resume = options.resume;
      const outcome = await runBook(shared, {
        file,
        folder: resume?.folder ?? (folders[index] as string),
        runId: resume?.runId ?? newRunId(),
        resuming: resume !== undefined,
        limitUsd: Math.max(0, leftUsd),
      });
      // A resume's limit is the run's total (earlier spending included), not what is left.
      leftUsd = resume ? leftUsd : leftUsd - outcome.spentUsd;
      books.push(outcome);
    }
  } finally {
    db.close();
  }
  const failing = books.find((book) => book.exitCode !== 0);
  return { books, exitCode: failing?.exitCode ?? 0 };
}

function notStarted(file: string): BookOutcome {
  return {
    input: file,
    status: "not-started",
    exitCode: 75,
    runId: null,
    outputs: [],
    spentUsd: 0,
    calls: 0,
    cached: 0,
  };
}

/** DESIGN.md §1: `<out>/<book-slug>/`, with `-2`, `-3`… when two books of a batch collide. */
export function bookFolders(files: readonly string[], out: string): string[] {
  const taken = new Set<string>();
  return files.map((file) => {
    const base = slugify(basename(file, extname(file)), "book");
    let name = base;
    for (let suffix = 2; taken.has(name); suffix++) name = `${base}-${suffix}`;
    taken.add(name);
    return join(resolve(out), name);
  });
}
