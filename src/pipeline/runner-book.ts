import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ConfigSource, LoadedConfig } from "../config/load.js";
import type { Tier } from "../config/schema.js";
import { isLitinkError } from "../errors/app-error.js";
import type { EventSink } from "../providers/middleware/index.js";
import type { Modality } from "../providers/spec/shared.js";
import type { Db } from "../store/db.js";
import type { TaskGraph } from "./graph.js";
import type { Aspect, PlanInput, Quality } from "./plan.js";
import { buildReport } from "./report.js";
import { type RunMade, renderedOf, storeMusic } from "./report-render.js";
import { runGraph } from "./runner.js";
import { planInputFor } from "./runner-input.js";
import { limitsFor } from "./runner-limits.js";
import { estimateGuard, loadCache, planParts, taskCache } from "./runner-plan.js";
import type { RunOutcome, TaskRecord } from "./runner-types.js";
import type { RunStatus, RunStore } from "./runs.js";

/** The options `generate` saves with each run, so `litink resume` repeats them exactly. */
export interface RunOptions {
  tier?: string;
  offline?: boolean;
  chapters?: number[];
  minutes?: number;
  aspect: Aspect;
  quality: Quality;
  concurrency?: number;
  out: string;
  budgetUsd?: number;
  /** `--burn-subtitles`: subtitles in the picture as well as the soft track. */
  burnSubtitles?: boolean;
  /** `--music FILE` (absolute), checked by `checkMusicFile`. */
  music?: string;
}

export interface BookJob {
  file: string;
  /** `<out>/<book-slug>/`. */
  folder: string;
  runId: string;
  resuming: boolean;
  /** This book's limit: what is left of the invocation's budget (or the resume's). */
  limitUsd: number;
  /**
   * The spending guard already ran for the whole invocation (DESIGN.md §2): `approved` skips
   * this book's own guard, `refused` stops it before the first paid call.
   */
  preflight?: "approved" | "refused";
}

export interface SharedRun {
  db: Db;
  runs: RunStore;
  loaded: LoadedConfig;
  env: NodeJS.ProcessEnv;
  events: EventSink;
  signal: AbortSignal;
  tier: Tier;
  tierSource: ConfigSource;
  chains: Record<Modality, string[]>;
  options: RunOptions;
  graceMs?: number;
  confirmOverBudget?: (estimateUsd: number, limitUsd: number) => Promise<boolean>;
}

export interface BookOutcome {
  [field: string]: unknown;
  input: string;
  status: RunStatus | "not-started";
  exitCode: number;
  runId: string | null;
  outputs: string[];
  spentUsd: number;
  calls: number;
  cached: number;
  error?: { name: string; message: string; hint?: string };
}

const EXIT: Record<RunOutcome, number> = { done: 0, failed: 1, budget: 75, interrupted: 75 };

/**
 * One book: claim the run and its folder, read, plan, guard the budget, run the graph, write
 * report.json, record the run. Throws RunBusy (75) when another live process holds the run or
 * the folder, and RunBookChanged (64) when a resumed run's book changed; the run row is left
 * as it was in both cases.
 */
export async function runBook(shared: SharedRun, job: BookJob): Promise<BookOutcome> {
  const startedAt = new Date();
  const { runs, db } = shared;
  const { claimRun } = await import("./run-lease.js");
  const lease = claimRun(db, {
    runId: job.runId,
    folder: job.folder,
    ...(job.resuming
      ? {}
      : {
          create: () =>
            runs.create({
              id: job.runId,
              bookFile: job.file,
              bookId: null,
              outDir: job.folder,
              tier: shared.tier,
              options: { ...shared.options },
              budgetUsd: job.limitUsd,
            }),
        }),
  });
  try {
    if (job.resuming) {
      await sameBook(runs, job);
      runs.reopen(job.runId, job.limitUsd);
    }
    return await runClaimed(shared, job, startedAt);
  } finally {
    lease.release();
  }
}

/** A resume continues the book it started with; an edited book is a new `generate`. */
async function sameBook(runs: RunStore, job: BookJob): Promise<void> {
  const saved = runs.get(job.runId)?.bookId;
  if (!saved) return;
  const { readFile } = await import("node:fs/promises");
  const { createHash } = await import("node:crypto");
  let bytes: Buffer;
  try {
    bytes = await readFile(job.file);
  } catch {
    return; // reading the book below reports a missing file with its own error
  }
  if (createHash("sha256").update(bytes).digest("hex") !== saved) {
    const { litinkError } = await import("../errors/catalog.js");
    throw litinkError("RunBookChanged", { runId: job.runId, file: job.file });
  }
}

async function runClaimed(shared: SharedRun, job: BookJob, startedAt: Date): Promise<BookOutcome> {
  const { runs, db, events } = shared;
  events.emit("run-start", {
    runId: job.runId,
    book: job.file,
    tier: shared.tier,
    tierSource: shared.tierSource,
    budgetUsd: job.limitUsd,
  });
  let status: RunOutcome = "failed";
  let exitCode = 1;
  let records: TaskRecord[] = [];
  let made: RunMade | null = null;
  let error: BookOutcome["error"];
  try {
    const { readBook } = await import("../ingest/index.js");
    const book = await readBook(job.file);
    runs.setBookId(job.runId, book.id);
    const parts = await planParts();
    const input = await planInputFor(shared, job, book);
    await mkdir(join(job.folder, "media"), { recursive: true });
    const { openBudget, releaseStale } = await import("../ledger/budget.js");
    openBudget(db, job.runId, job.limitUsd);
    // Reservations a killed process never settled would hold budget forever. Safe only
    // because this process holds the run's lease: no live process has reservations here.
    releaseStale(db, job.runId, startedAt);
    const graph: TaskGraph = parts.planBook(input.plan);
    await loadCache();
    const cache = taskCache(db, shared.loaded.home);
    const allowedUsd =
      job.preflight === undefined
        ? await estimateGuard(parts, input.plan, graph, cache, job.limitUsd, shared)
        : job.preflight === "refused"
          ? null
          : job.limitUsd;
    // Agreeing on a TTY to go over the budget raises this run's limit to the estimate: the
    // reservations would otherwise stop it at the old one.
    if (allowedUsd !== null && allowedUsd > job.limitUsd) {
      openBudget(db, job.runId, allowedUsd);
      runs.setBudget(job.runId, allowedUsd);
    }
    if (allowedUsd === null) {
      status = "budget";
      exitCode = 75;
    } else {
      const { executorContext } = await import("./runner-context.js");
      const context = await executorContext({
        db,
        loaded: shared.loaded,
        env: shared.env,
        tier: shared.tier,
        runId: job.runId,
        file: job.file,
        book,
        folder: job.folder,
        events,
        signal: shared.signal,
        bible: input.plan.bible,
        screenplays: new Map(input.plan.screenplays),
      });
      await storeMusic(context, shared.options.music);
      const { budgetState } = await import("../ledger/budget.js");
      const result = await runGraph(graph, {
        context,
        cache,
        executorFor: parts.executorFor,
        materialize: parts.materialize,
        cachedKinds: parts.CACHED_KINDS,
        events,
        signal: shared.signal,
        limits: limitsFor(shared.options.concurrency, shared.loaded.config.concurrency),
        ...(shared.graceMs !== undefined ? { graceMs: shared.graceMs } : {}),
        ...(parts.criticalPath ? { priorities: parts.criticalPath } : {}),
        recorder: runs.recorder(job.runId),
        spending: () => {
          const state = budgetState(db, job.runId);
          return { spentUsd: state.spentUsd, budgetUsd: state.limitUsd };
        },
        onExpand: (task, _output, current) => {
          const bible = context.state.bible;
          const screenplay =
            task.chapter === null ? undefined : context.state.screenplays.get(task.chapter);
          if (!bible || !screenplay) return [];
          const planned = new Set(current.tasks.map((known) => known.id));
          const now: PlanInput = { ...input.plan, bible, screenplays: context.state.screenplays };
          return parts.chapterMediaTasks(now, screenplay, bible, planned);
        },
      });
      records = result.records;
      made = { graph: result.graph, outputs: result.outputs };
      status = result.status;
      exitCode =
        result.status === "failed" && isLitinkError(result.firstError)
          ? result.firstError.exitCode
          : EXIT[result.status];
      if (result.status === "failed" && result.firstError !== undefined)
        error = describe(result.firstError);
    }
  } catch (caught) {
    status = "failed";
    exitCode = isLitinkError(caught) ? caught.exitCode : 1;
    error = describe(caught);
  }
  const rendered = made ? renderedOf(made, job.folder) : null;
  const outputs = [
    ...(rendered?.files ?? []),
    ...["bible.json", "script", "media"].map((name) => join(job.folder, name)),
  ].filter((path) => existsSync(path));
  let spentUsd = 0;
  let calls = 0;
  if (existsSync(job.folder)) {
    const reportPath = join(job.folder, "report.json");
    outputs.push(reportPath);
    const report = buildReport(db, {
      book: job.file,
      runId: job.runId,
      tier: shared.tier,
      status,
      exitCode,
      startedAt,
      outputs,
      records,
      ...(rendered ? { rendered } : {}),
    });
    spentUsd = report.spentUsd;
    calls = report.calls;
    await mkdir(job.folder, { recursive: true });
    await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  }
  runs.end(job.runId, status, exitCode);
  const cached = records.filter((record) => record.status === "cached").length;
  const outcome: BookOutcome = {
    input: job.file,
    status,
    exitCode,
    runId: job.runId,
    outputs,
    spentUsd,
    calls,
    cached,
    ...(error ? { error } : {}),
  };
  events.emit("run-end", {
    status,
    runId: job.runId,
    outputs,
    spentUsd,
    calls,
    cached,
    exitCode,
    ...(exitCode === 75 ? { resume: `litink resume ${job.runId}` } : {}),
    ...(error ? { error } : {}),
  });
  return outcome;
}

function describe(error: unknown): NonNullable<BookOutcome["error"]> {
  if (isLitinkError(error))
    return {
      name: error.name,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
    };
  return { name: "InternalError", message: error instanceof Error ? error.message : String(error) };
}
