import { randomUUID } from "node:crypto";
import type { Usage } from "../providers/spec/shared.js";
import type { Db } from "../store/db.js";
import type { CostSource } from "./pricing.js";

/** One billable call, as the ledger keeps it (DESIGN.md §8: also the outbox for billing sync). */
export interface UsageRecord {
  /** A fresh UUID unless given: the idempotency key for billing sync, never reused. */
  id?: string;
  runId?: string;
  taskId?: string;
  bookId?: string;
  modality: string;
  provider: string;
  /** The model that actually served the call. */
  model: string;
  /** "<provider>:<model>" the call was meant for, when a fallback served it. */
  fallbackFrom?: string;
  tier?: string;
  units: Usage & { estimatedFields?: string[] };
  usd: number;
  costSource: CostSource;
  cacheHit?: boolean;
  startedAt: Date;
  endedAt: Date;
}

export function recordUsage(db: Db, record: UsageRecord): string {
  const id = record.id ?? randomUUID();
  db.prepare(
    `INSERT INTO usage (id, run_id, task_id, book_id, modality, provider, model, fallback_from,
       tier, units, usd, cost_source, cache_hit, started_at, ended_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    record.runId ?? null,
    record.taskId ?? null,
    record.bookId ?? null,
    record.modality,
    record.provider,
    record.model,
    record.fallbackFrom ?? null,
    record.tier ?? null,
    JSON.stringify(record.units),
    record.usd,
    record.costSource,
    record.cacheHit ? 1 : 0,
    record.startedAt.toISOString(),
    record.endedAt.toISOString(),
  );
  return id;
}

export interface UsageRow {
  id: string;
  runId: string | null;
  taskId: string | null;
  bookId: string | null;
  modality: string;
  provider: string;
  model: string;
  fallbackFrom: string | null;
  tier: string | null;
  units: Usage;
  usd: number;
  costSource: CostSource;
  cacheHit: boolean;
  startedAt: string;
  endedAt: string;
}

interface RawRow extends Omit<UsageRow, "units" | "cacheHit"> {
  units: string;
  cacheHit: number;
}

const COLUMNS = `id, run_id AS runId, task_id AS taskId, book_id AS bookId, modality, provider,
  model, fallback_from AS fallbackFrom, tier, units, usd, cost_source AS costSource,
  cache_hit AS cacheHit, started_at AS startedAt, ended_at AS endedAt`;

/** Ledger rows, oldest first, optionally from `since` on and for one run. */
export function usageRows(db: Db, filter: { since?: Date; runId?: string } = {}): UsageRow[] {
  const rows = db
    .prepare(
      `SELECT ${COLUMNS} FROM usage
       WHERE started_at >= ? AND (? IS NULL OR run_id = ?)
       ORDER BY started_at, id`,
    )
    .all(sinceText(filter.since), filter.runId ?? null, filter.runId ?? null) as RawRow[];
  return rows.map((row) => ({
    ...row,
    units: JSON.parse(row.units) as Usage,
    cacheHit: row.cacheHit === 1,
  }));
}

export type UsageGrouping = "day" | "model" | "book" | "run";

export interface UsageTotal {
  /** The day (YYYY-MM-DD, UTC), "<provider>:<model>", book id or run id; null when unknown. */
  key: string | null;
  calls: number;
  cachedCalls: number;
  usd: number;
}

const GROUP_EXPRESSIONS: Record<UsageGrouping, string> = {
  day: "substr(started_at, 1, 10)",
  model: "provider || ':' || model",
  book: "book_id",
  run: "run_id",
};

/** Totals for `litink usage`, most expensive first (days in date order). */
export function usageTotals(
  db: Db,
  grouping: UsageGrouping,
  filter: { since?: Date } = {},
): UsageTotal[] {
  const expression = GROUP_EXPRESSIONS[grouping];
  const order = grouping === "day" ? "key" : "usd DESC, key";
  return db
    .prepare(
      `SELECT ${expression} AS key, COUNT(*) AS calls, SUM(cache_hit) AS cachedCalls,
         COALESCE(SUM(usd), 0) AS usd
       FROM usage WHERE started_at >= ? GROUP BY key ORDER BY ${order}`,
    )
    .all(sinceText(filter.since)) as UsageTotal[];
}

export interface UsageSummary {
  totalUsd: number;
  calls: number;
  byDay: UsageTotal[];
  byModel: UsageTotal[];
  byBook: UsageTotal[];
  byRun: UsageTotal[];
}

export function usageSummary(db: Db, filter: { since?: Date } = {}): UsageSummary {
  const total = db
    .prepare(
      "SELECT COUNT(*) AS calls, COALESCE(SUM(usd), 0) AS usd FROM usage WHERE started_at >= ?",
    )
    .get(sinceText(filter.since)) as { calls: number; usd: number };
  return {
    totalUsd: total.usd,
    calls: total.calls,
    byDay: usageTotals(db, "day", filter),
    byModel: usageTotals(db, "model", filter),
    byBook: usageTotals(db, "book", filter),
    byRun: usageTotals(db, "run", filter),
  };
}

/** What one run has spent so far. */
export function runSpentUsd(db: Db, runId: string): number {
  const row = db
    .prepare("SELECT COALESCE(SUM(usd), 0) AS usd FROM usage WHERE run_id = ?")
    .get(runId) as { usd: number };
  return row.usd;
}

/** ISO timestamps sort as text, so `since` compares directly; "" matches everything. */
function sinceText(since: Date | undefined): string {
  return since ? since.toISOString() : "";
}
