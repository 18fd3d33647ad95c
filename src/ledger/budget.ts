import { randomUUID } from "node:crypto";
import type { Db } from "../store/db.js";
import { BudgetExceededError } from "./budget-error.js";

/**
 * Budget = reservations (DESIGN.md §7). A call may start only if
 * `spent + reserved + estimate ≤ limit`; the check and the reservation happen in one
 * `BEGIN IMMEDIATE` transaction, which takes SQLite's write lock first, so processes sharing
 * the database cannot both squeeze into the last dollar.
 */
export interface Reservation {
  id: string;
  scope: string;
  usd: number;
}

export interface BudgetState {
  scope: string;
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
}

/** Rounding slack, so that estimates summing exactly to the limit are not refused. */
const EPSILON = 1e-9;

/** Creates the budget for a scope (a run, an invocation), or changes its limit. */
export function openBudget(db: Db, scope: string, limitUsd: number): BudgetState {
  db.prepare(
    `INSERT INTO budgets (scope, limit_usd, spent_usd, created_at) VALUES (?, ?, 0, ?)
     ON CONFLICT(scope) DO UPDATE SET limit_usd = excluded.limit_usd`,
  ).run(scope, limitUsd, new Date().toISOString());
  return budgetState(db, scope);
}

export function budgetState(db: Db, scope: string): BudgetState {
  const row = db
    .prepare(
      `SELECT limit_usd AS limitUsd, spent_usd AS spentUsd,
         (SELECT COALESCE(SUM(usd), 0) FROM reservations WHERE scope = budgets.scope) AS reservedUsd
       FROM budgets WHERE scope = ?`,
    )
    .get(scope) as Omit<BudgetState, "scope"> | undefined;
  if (!row) throw new Error(`no budget is open for scope "${scope}" (call openBudget first)`);
  return { scope, ...row };
}

/** Reserves `estimateUsd`, or throws BudgetExceeded (exit 75) without reserving anything. */
export function reserve(db: Db, scope: string, estimateUsd: number): Reservation {
  const usd = Math.max(0, estimateUsd);
  return db
    .transaction(() => {
      const state = budgetState(db, scope);
      if (state.spentUsd + state.reservedUsd + usd > state.limitUsd + EPSILON) {
        throw new BudgetExceededError({ ...state, estimateUsd: usd });
      }
      const reservation: Reservation = { id: randomUUID(), scope, usd };
      db.prepare("INSERT INTO reservations (id, scope, usd, created_at) VALUES (?, ?, ?, ?)").run(
        reservation.id,
        scope,
        usd,
        new Date().toISOString(),
      );
      return reservation;
    })
    .immediate();
}

/** Replaces the reservation with the real cost. Settling twice counts once. */
export function settle(db: Db, reservation: Reservation, actualUsd: number): BudgetState {
  return db
    .transaction(() => {
      const removed = db
        .prepare("DELETE FROM reservations WHERE id = ?")
        .run(reservation.id).changes;
      if (removed === 1) {
        db.prepare("UPDATE budgets SET spent_usd = spent_usd + ? WHERE scope = ?").run(
          Math.max(0, actualUsd),
          reservation.scope,
        );
      }
      return budgetState(db, reservation.scope);
    })
    .immediate();
}

/** Gives a reservation back (the call failed and cost nothing). */
export function release(db: Db, reservation: Reservation): void {
  db.prepare("DELETE FROM reservations WHERE id = ?").run(reservation.id);
}

/**
 * Drops reservations older than `before`: a process killed mid-call never settles, and its
 * reservation would otherwise hold budget forever. Call it when resuming a run.
 */
export function releaseStale(db: Db, scope: string, before: Date): number {
  return db
    .prepare("DELETE FROM reservations WHERE scope = ? AND created_at < ?")
    .run(scope, before.toISOString()).changes;
}
