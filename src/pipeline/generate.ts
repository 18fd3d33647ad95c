import { basename, extname, join, resolve } from "node:path";
import type { LoadedConfig } from "../config/load.js";
import { isLitinkError, type LitinkError } from "../errors/app-error.js";
import type { EventSink } from "../providers/middleware/index.js";
import { slugify } from "../script/slug.js";
import type { BookJob, BookOutcome, RunOptions, SharedRun } from "./runner-book.js";

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
 * (`--budget`, else config `budgetUsd`) covers the whole call: with several books every book
 * is estimated up front and the spending guard runs once, on the sum, before anything is
 * paid. Each book's run then gets a budget scope of its own (its run id, so a resume can raise
 * it) whose limit is what the books before it left over. A failed or busy book does not stop
 * the batch; an interrupt does (the rest are `not-started`). With one book, a RunBusy or
 * RunBookChanged error is thrown as is (the command's error), since there is no batch to
 * continue.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { selectTier, usableChains } = await import("../providers/tiers.js");
  const { RUN_MODALITIES } = await import("./runner-plan.js");
  const { tier, tierSource } = selectTier(options.options, options.loaded);
  // Before anything is read or spent: a paid tier without a usable key is exit 78.
  const chains = usableChains(tier, options.loaded.config, options.env, RUN_MODALITIES);
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
    const resume = options.resume;
    const allowedUsd =
      !resume && options.files.length > 1
        ? await guardBatch(shared, options.files, folders, leftUsd)
        : undefined;
    // Agreed on a TTY to go over: the estimate for all books is the invocation's new limit.
    if (allowedUsd) leftUsd = Math.max(leftUsd, allowedUsd);
    const preflight =
      allowedUsd === undefined ? undefined : allowedUsd === null ? "refused" : "approved";
    for (const [index, file] of options.files.entries()) {
      if (signal.aborted) {
        books.push(notStarted(file));
        continue;
      }
      const job: BookJob = {
        file,
        folder: resume?.folder ?? (folders[index] as string),
        runId: resume?.runId ?? newRunId(),
        resuming: resume !== undefined,
        limitUsd: Math.max(0, leftUsd),
        ...(preflight ? { preflight } : {}),
      };
      let outcome: BookOutcome;
      try {
        outcome = await runBook(shared, job);
      } catch (error) {
        if (options.files.length === 1 || !isLitinkError(error)) throw error;
        outcome = { ...notStarted(file), exitCode: error.exitCode, error: describeError(error) };
      }
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

/**
 * DESIGN.md §2 for a batch: the estimates of every book, summed, against the invocation's
 * budget, once (one question on a TTY). A book that cannot be read or planned counts as free
 * here; its own run fails with the real error.
 */
async function guardBatch(
  shared: SharedRun,
  files: readonly string[],
  folders: readonly string[],
  budgetUsd: number,
): Promise<number | null> {
  const { estimateOne } = await import("./runner-estimate.js");
  const { loadCache, taskCache } = await import("./runner-plan.js");
  await loadCache();
  const cache = taskCache(shared.db, shared.loaded.home);
  let totalUsd = 0;
  for (const [index, file] of files.entries()) {
    try {
      totalUsd += (await estimateOne(shared, file, folders[index] as string, cache)).estimatedUsd;
    } catch {
      // priced as nothing: runBook reports why this book could not be read
    }
  }
  if (totalUsd <= budgetUsd + 1e-9) return budgetUsd;
  if (shared.confirmOverBudget && (await shared.confirmOverBudget(totalUsd, budgetUsd)))
    return totalUsd;
  shared.events.emit("warning", {
    message: `the estimate for all ${files.length} books ($${totalUsd.toFixed(2)}) exceeds the budget ($${budgetUsd.toFixed(2)}); nothing was spent — raise it with --budget`,
  });
  return null;
}

function describeError(error: LitinkError): NonNullable<BookOutcome["error"]> {
  return {
    name: error.name,
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
  };
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
