import type { Db } from "../store/db.js";
import type { ChapterReport, Rendered } from "./report-render.js";
import type { RunOutcome, TaskRecord } from "./runner-types.js";

/** `report.json` (DESIGN.md §1): what one book's run made, called, spent and why tasks reran. */
export interface RunReport {
  book: string;
  runId: string;
  tier: string;
  status: RunOutcome;
  exitCode: number;
  startedAt: string;
  endedAt: string;
  wallMs: number;
  outputs: string[];
  /** Provider calls in this run (the ledger's rows, offline ones included at $0). */
  calls: number;
  spentUsd: number;
  costByModel: Record<string, { calls: number; usd: number }>;
  fallbacks: Array<{ task: string | null; from: string; to: string }>;
  tasks: { total: number; done: number; cached: number; failed: number; skipped: number };
  cacheHits: number;
  timings: Record<string, { tasks: number; ms: number }>;
  /** Tasks that ran although they had been made before, and which part of their key changed. */
  reruns: Array<{ task: string; reason: string }>;
  failures: Array<{ task: string; status: string; reason: string }>;
  /**
   * Tasks a fallback link served: used in this run but not cached, so the next run tries the
   * tier's own model again (a downgrade must be visible, and not kept for good).
   */
  degraded: { count: number; tasks: Array<{ task: string; from: string }>; note?: string };
  /** Per rendered chapter: its files, planned and measured length, loudness, transitions, encode ms. */
  chapters: ChapterReport[];
  /** The book's exports (absolute paths), null when not written in this run. */
  storyboard: string | null;
  timeline: string | null;
}

export interface ReportInput {
  book: string;
  runId: string;
  tier: string;
  status: RunOutcome;
  exitCode: number;
  startedAt: Date;
  outputs: string[];
  records: readonly TaskRecord[];
  rendered?: Rendered;
}

interface UsageRow {
  provider: string;
  model: string;
  fallback_from: string | null;
  task_id: string | null;
  usd: number;
}

export function buildReport(db: Db, input: ReportInput): RunReport {
  const usage = db
    .prepare("SELECT provider, model, fallback_from, task_id, usd FROM usage WHERE run_id = ?")
    .all(input.runId) as UsageRow[];
  const costByModel: RunReport["costByModel"] = {};
  for (const row of usage) {
    const ref = `${row.provider}:${row.model}`;
    const entry = costByModel[ref] ?? { calls: 0, usd: 0 };
    costByModel[ref] = entry;
    entry.calls += 1;
    entry.usd += row.usd;
  }
  const count = (status: string) =>
    input.records.filter((record) => record.status === status).length;
  const timings: RunReport["timings"] = {};
  for (const record of input.records) {
    const entry = timings[record.stage] ?? { tasks: 0, ms: 0 };
    timings[record.stage] = entry;
    entry.tasks += 1;
    entry.ms += record.ms;
  }
  const ended = new Date();
  return {
    book: input.book,
    runId: input.runId,
    tier: input.tier,
    status: input.status,
    exitCode: input.exitCode,
    startedAt: input.startedAt.toISOString(),
    endedAt: ended.toISOString(),
    wallMs: ended.getTime() - input.startedAt.getTime(),
    outputs: input.outputs,
    calls: usage.length,
    spentUsd: usage.reduce((sum, row) => sum + row.usd, 0),
    costByModel,
    fallbacks: usage
      .filter((row) => row.fallback_from !== null)
      .map((row) => ({
        task: row.task_id,
        from: row.fallback_from as string,
        to: `${row.provider}:${row.model}`,
      })),
    tasks: {
      total: input.records.length,
      done: count("done"),
      cached: count("cached"),
      failed: count("failed"),
      skipped: count("skipped"),
    },
    cacheHits: count("cached"),
    timings,
    reruns: input.records
      .filter(
        (record) =>
          record.status === "done" && record.reason && record.reason !== "not made before",
      )
      .map((record) => ({ task: record.task, reason: record.reason as string })),
    failures: input.records
      .filter((record) => record.status === "failed" || record.status === "skipped")
      .map((record) => ({ task: record.task, status: record.status, reason: record.reason ?? "" })),
    degraded: degradedOf(input.records),
    chapters: input.rendered?.chapters ?? [],
    storyboard: input.rendered?.storyboard ?? null,
    timeline: input.rendered?.timeline ?? null,
  };
}

function degradedOf(records: readonly TaskRecord[]): RunReport["degraded"] {
  const tasks = records
    .filter((record) => record.degraded)
    .map((record) => ({ task: record.task, from: record.fallbackFrom ?? "the primary model" }));
  if (tasks.length === 0) return { count: 0, tasks };
  return {
    count: tasks.length,
    tasks,
    note: `${tasks.length} task(s) were served by a fallback and not cached; run generate again to retry the primary model`,
  };
}
