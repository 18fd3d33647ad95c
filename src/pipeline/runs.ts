import { randomBytes } from "node:crypto";
import type { Db } from "../store/db.js";
import type { Task } from "./graph.js";
import { holderAlive } from "./run-lease.js";
import type { RunOutcome, TaskRecord, TaskRecorder } from "./runner-types.js";

export type RunStatus = "running" | RunOutcome;

export interface RunRow {
  id: string;
  bookFile: string;
  bookId: string | null;
  outDir: string;
  tier: string;
  options: Record<string, unknown>;
  status: RunStatus;
  budgetUsd: number | null;
  exitCode: number | null;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
  /** The process that claimed the run last (see run-lease.ts), and its last heartbeat. */
  ownerPid: number | null;
  ownerHost: string | null;
  heartbeatAt: string | null;
}

export interface RunSummary extends RunRow {
  tasksDone: number;
  tasksTotal: number;
  spentUsd: number;
  /** `litink resume <id>` when the run can be continued (budget, interrupted, failed). */
  resume: string | null;
}

/**
 * The status users see: a run left `running` by a process that is gone (kill -9, a crash,
 * a reboot) is `interrupted`, which is what it is: resumable.
 */
export function shownStatus(run: RunRow, now = Date.now()): RunStatus {
  if (run.status !== "running") return run.status;
  const alive = holderAlive(
    { pid: run.ownerPid, host: run.ownerHost, heartbeatAt: run.heartbeatAt },
    now,
  );
  return alive ? "running" : "interrupted";
}

/** `r-<yyyymmdd>-<6 hex>`: sortable by day, short enough to type after `litink resume`. */
export function newRunId(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll("-", "");
  return `r-${day}-${randomBytes(3).toString("hex")}`;
}

/**
 * Runs and their tasks in SQLite (tables `runs`, `run_tasks`), written as states change, with
 * prepared statements. The database is in WAL mode, so each small write is cheap and a
 * `kill -9` loses at most the tasks in flight (left `running`, requeued on resume).
 */
export class RunStore {
  readonly #insertTask;
  readonly #startTask;
  readonly #finishTask;
  readonly #requeueTask;

  constructor(readonly db: Db) {
    this.#insertTask = db.prepare(
      `INSERT INTO run_tasks (run_id, task_id, kind, status) VALUES (?, ?, ?, 'pending')
       ON CONFLICT(run_id, task_id) DO NOTHING`,
    );
    this.#startTask = db.prepare(
      `UPDATE run_tasks SET status = 'running', key = ?, started_at = ?, ended_at = NULL
       WHERE run_id = ? AND task_id = ?`,
    );
    this.#finishTask = db.prepare(
      `UPDATE run_tasks SET status = ?, key = ?, reason = ?, provider = ?, model = ?,
         fallback_from = ?, cost_usd = ?, ended_at = ? WHERE run_id = ? AND task_id = ?`,
    );
    this.#requeueTask = db.prepare(
      "UPDATE run_tasks SET status = 'pending', reason = ? WHERE run_id = ? AND task_id = ?",
    );
  }

  create(
    run: Omit<
      RunRow,
      | "status"
      | "exitCode"
      | "startedAt"
      | "updatedAt"
      | "endedAt"
      | "ownerPid"
      | "ownerHost"
      | "heartbeatAt"
    >,
  ): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO runs (id, book_file, book_id, out_dir, tier, options, status, budget_usd,
           started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)`,
      )
      .run(
        run.id,
        run.bookFile,
        run.bookId,
        run.outDir,
        run.tier,
        JSON.stringify(run.options),
        run.budgetUsd,
        now,
        now,
      );
  }

  /**
   * A resume starts: the run is running again, and tasks a killed process left `running` are
   * pending (their paid async jobs resume polling under the same job key, the task key).
   */
  reopen(id: string, budgetUsd: number | null): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE runs SET status = 'running', exit_code = NULL, ended_at = NULL, updated_at = ?,
             budget_usd = COALESCE(?, budget_usd) WHERE id = ?`,
        )
        .run(now, budgetUsd, id);
      this.db
        .prepare("UPDATE run_tasks SET status = 'pending' WHERE run_id = ? AND status = 'running'")
        .run(id);
    })();
  }

  /** The run's limit was raised (the user agreed to go over the estimate). */
  setBudget(id: string, budgetUsd: number): void {
    this.db
      .prepare("UPDATE runs SET budget_usd = ?, updated_at = ? WHERE id = ?")
      .run(budgetUsd, new Date().toISOString(), id);
  }

  setBookId(id: string, bookId: string): void {
    this.db.prepare("UPDATE runs SET book_id = ? WHERE id = ?").run(bookId, id);
  }

  end(id: string, status: RunStatus, exitCode: number): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        "UPDATE runs SET status = ?, exit_code = ?, updated_at = ?, ended_at = ? WHERE id = ?",
      )
      .run(status, exitCode, now, now, id);
  }

  get(id: string): RunRow | null {
    const row = this.db.prepare("SELECT * FROM runs WHERE id = ?").get(id);
    return row ? toRun(row as Record<string, unknown>) : null;
  }

  list(limit = 50): RunSummary[] {
    const rows = this.db
      .prepare(
        `SELECT runs.*,
           (SELECT COUNT(*) FROM run_tasks t WHERE t.run_id = runs.id
              AND t.status IN ('done', 'cached')) AS tasks_done,
           (SELECT COUNT(*) FROM run_tasks t WHERE t.run_id = runs.id) AS tasks_total,
           (SELECT COALESCE(SUM(cost_usd), 0) FROM run_tasks t WHERE t.run_id = runs.id) AS spent
         FROM runs ORDER BY started_at DESC, id DESC LIMIT ?`,
      )
      .all(limit) as Array<Record<string, unknown>>;
    const now = Date.now();
    return rows.map((row) => {
      const run = toRun(row);
      const status = shownStatus(run, now);
      return {
        ...run,
        status,
        tasksDone: Number(row.tasks_done),
        tasksTotal: Number(row.tasks_total),
        spentUsd: Number(row.spent),
        resume: status === "running" || status === "done" ? null : `litink resume ${run.id}`,
      };
    });
  }

  tasks(
    id: string,
  ): Array<{ taskId: string; kind: string; status: string; reason: string | null }> {
    return this.db
      .prepare(
        "SELECT task_id AS taskId, kind, status, reason FROM run_tasks WHERE run_id = ? ORDER BY task_id",
      )
      .all(id) as Array<{ taskId: string; kind: string; status: string; reason: string | null }>;
  }

  /** The runner's recorder for one run. */
  recorder(runId: string): TaskRecorder {
    return {
      planned: (tasks: readonly Task[]) => {
        this.db.transaction(() => {
          for (const task of tasks) this.#insertTask.run(runId, task.id, task.kind);
        })();
      },
      started: (task, key) => {
        this.#startTask.run(key, new Date().toISOString(), runId, task.id);
      },
      finished: (record: TaskRecord) => {
        this.#finishTask.run(
          record.status,
          record.key,
          record.reason ?? null,
          record.provider,
          record.model,
          record.fallbackFrom ?? null,
          record.costUsd,
          new Date().toISOString(),
          runId,
          record.task,
        );
      },
      requeued: (task, reason) => {
        this.#requeueTask.run(reason, runId, task.id);
      },
    };
  }
}

function toRun(row: Record<string, unknown>): RunRow {
  return {
    id: String(row.id),
    bookFile: String(row.book_file),
    bookId: row.book_id === null ? null : String(row.book_id),
    outDir: String(row.out_dir),
    tier: String(row.tier),
    options: JSON.parse(String(row.options)) as Record<string, unknown>,
    status: String(row.status) as RunStatus,
    budgetUsd: row.budget_usd === null ? null : Number(row.budget_usd),
    exitCode: row.exit_code === null ? null : Number(row.exit_code),
    startedAt: String(row.started_at),
    updatedAt: String(row.updated_at),
    endedAt: row.ended_at === null ? null : String(row.ended_at),
    ownerPid: row.owner_pid === null || row.owner_pid === undefined ? null : Number(row.owner_pid),
    ownerHost: typeof row.owner_host === "string" ? row.owner_host : null,
    heartbeatAt: typeof row.heartbeat_at === "string" ? row.heartbeat_at : null,
  };
}
