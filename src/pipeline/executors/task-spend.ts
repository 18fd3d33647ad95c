import type { Db } from "../../store/db.js";

/** What the ledger says a task's calls cost and who served the last of them. */
export interface TaskSpend {
  costUsd: number;
  provider?: string;
  model?: string;
  fallbackFrom?: string;
}

interface LedgerRow {
  id: string;
  provider: string;
  model: string;
  fallback_from: string | null;
  usd: number;
}

/**
 * Watches the ledger for one task of one run: `settle()` sums the rows written since `watch`
 * was called (by id, not by clock, so a retry's earlier rows and a clock step do not count),
 * and names the model of the last one. Metering writes exactly one row per billable call.
 */
export function watchSpend(db: Db, runId: string, taskId: string): { settle(): TaskSpend } {
  const query = db.prepare(
    `SELECT id, provider, model, fallback_from, usd FROM usage
     WHERE run_id = ? AND task_id = ? ORDER BY started_at, rowid`,
  );
  const before = new Set((query.all(runId, taskId) as LedgerRow[]).map((row) => row.id));
  return {
    settle() {
      const rows = (query.all(runId, taskId) as LedgerRow[]).filter((row) => !before.has(row.id));
      const costUsd = rows.reduce((sum, row) => sum + row.usd, 0);
      const last = rows.at(-1);
      if (!last) return { costUsd };
      return {
        costUsd,
        provider: last.provider,
        model: last.model,
        ...(last.fallback_from ? { fallbackFrom: last.fallback_from } : {}),
      };
    },
  };
}
