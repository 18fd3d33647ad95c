import { hostname } from "node:os";
import { litinkError } from "../errors/catalog.js";
import type { Db } from "../store/db.js";

/**
 * Run leases: one process at a time works on a run, and on a book's output folder. A claim
 * is a compare-and-swap in one `BEGIN IMMEDIATE` transaction (SQLite's write lock), so two
 * processes starting at the same moment cannot both win. The holder refreshes its heartbeat
 * every HEARTBEAT_MS on an unref'd timer; a holder whose heartbeat is older than STALE_MS, or
 * whose pid is gone on this host (kill -9), has lost its claim.
 */
export const HEARTBEAT_MS = 10_000;
export const STALE_MS = 30_000;

export interface Holder {
  pid: number | null;
  host: string | null;
  heartbeatAt: string | null;
}

export interface Lease {
  runId: string;
  folder: string;
  /** Ends the run as interrupted at once (a second Ctrl-C), then releases the lease. */
  interrupt(): void;
  release(): void;
}

const here = hostname();

/** Whether the process that holds a lease is still at work. */
export function holderAlive(holder: Holder, now = Date.now()): boolean {
  if (holder.pid === null || holder.heartbeatAt === null) return false;
  if (now - Date.parse(holder.heartbeatAt) > STALE_MS) return false;
  if (holder.host !== here) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid exists but belongs to another user — alive; ESRCH: gone.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Leases this process holds, so a second Ctrl-C can mark their runs before exiting. */
const held = new Set<Lease>();

/**
 * Claims the run `runId` (its row must exist unless `create` inserts it in the same
 * transaction) and the output folder. Throws RunBusy (exit 75), naming the other run and its
 * pid, when a live process holds either; nothing is changed then.
 */
export function claimRun(
  db: Db,
  request: { runId: string; folder: string; create?: () => void },
): Lease {
  const pid = process.pid;
  db.transaction(() => {
    const nowMs = Date.now();
    const now = new Date(nowMs).toISOString();
    const folder = db
      .prepare(
        `SELECT run_id AS runId, owner_pid AS pid, owner_host AS host, heartbeat_at AS heartbeatAt
         FROM folder_leases WHERE folder = ?`,
      )
      .get(request.folder) as (Holder & { runId: string }) | undefined;
    if (folder && holderAlive(folder, nowMs))
      throw busy(folder.runId, folder, request.folder, request.runId);
    if (request.create) request.create();
    const run = db
      .prepare(
        `SELECT status, owner_pid AS pid, owner_host AS host, heartbeat_at AS heartbeatAt
         FROM runs WHERE id = ?`,
      )
      .get(request.runId) as (Holder & { status: string }) | undefined;
    if (!run) throw litinkError("RunNotFound", { runId: request.runId });
    if (run.status === "running" && holderAlive(run, nowMs))
      throw busy(request.runId, run, request.folder, request.runId);
    const claimed = db
      .prepare(
        `UPDATE runs SET owner_pid = ?, owner_host = ?, heartbeat_at = ?
         WHERE id = ? AND heartbeat_at IS ?`,
      )
      .run(pid, here, now, request.runId, run.heartbeatAt).changes;
    if (claimed !== 1) throw busy(request.runId, run, request.folder, request.runId);
    db.prepare(
      `INSERT INTO folder_leases (folder, run_id, owner_pid, owner_host, heartbeat_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(folder) DO UPDATE SET run_id = excluded.run_id,
         owner_pid = excluded.owner_pid, owner_host = excluded.owner_host,
         heartbeat_at = excluded.heartbeat_at`,
    ).run(request.folder, request.runId, pid, here, now);
  }).immediate();
  return hold(db, request.runId, request.folder);
}

function busy(otherRun: string, holder: Holder, folder: string, wanted: string) {
  return litinkError("RunBusy", {
    runId: otherRun,
    pid: holder.pid ?? 0,
    host: holder.host === here ? null : holder.host,
    folder: otherRun === wanted ? null : folder,
  });
}

function hold(db: Db, runId: string, folder: string): Lease {
  const pid = process.pid;
  const beatRun = db.prepare("UPDATE runs SET heartbeat_at = ? WHERE id = ? AND owner_pid = ?");
  const beatFolder = db.prepare(
    "UPDATE folder_leases SET heartbeat_at = ? WHERE folder = ? AND run_id = ? AND owner_pid = ?",
  );
  const timer = setInterval(() => {
    const now = new Date().toISOString();
    try {
      beatRun.run(now, runId, pid);
      beatFolder.run(now, folder, runId, pid);
    } catch {
      // The database is busy or closing; the next beat (well within STALE_MS) tries again.
    }
  }, HEARTBEAT_MS);
  timer.unref();
  let released = false;
  const lease: Lease = {
    runId,
    folder,
    release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      held.delete(lease);
      db.prepare("DELETE FROM folder_leases WHERE folder = ? AND run_id = ? AND owner_pid = ?").run(
        folder,
        runId,
        pid,
      );
    },
    interrupt() {
      if (released) return;
      const now = new Date().toISOString();
      db.prepare(
        `UPDATE runs SET status = 'interrupted', exit_code = 75, updated_at = ?, ended_at = ?
         WHERE id = ? AND owner_pid = ? AND status = 'running'`,
      ).run(now, now, runId, pid);
      lease.release();
    },
  };
  held.add(lease);
  return lease;
}

/**
 * A second Ctrl-C quits at once: better-sqlite3 is synchronous, so the runs this process
 * holds are recorded as interrupted (resumable) inside the signal handler, before exiting.
 */
export function interruptHeldRuns(): string[] {
  const ids: string[] = [];
  for (const lease of [...held]) {
    try {
      lease.interrupt();
      ids.push(lease.runId);
    } catch {
      // The database closed under us: the run shows as interrupted once its heartbeat ages.
    }
  }
  return ids;
}
