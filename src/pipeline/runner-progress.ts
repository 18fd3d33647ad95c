import type { Stage, Task } from "./graph.js";

/** One chapter's (or the book's, chapter null) tasks of one stage. */
export interface PlanGroup {
  chapter: number | null;
  stage: Stage;
  tasks: number;
}

/**
 * The counts behind `plan-update`, the denominators of the progress view: how many tasks the
 * run knows, per chapter and stage. An update lists only the groups it changed (an expansion
 * touches one chapter), so a 365-chapter book does not resend 700 groups per chapter.
 */
export class PlanCounts {
  total = 0;
  readonly #groups = new Map<string, PlanGroup>();

  /** Counts new tasks; returns the groups they changed, with their new totals. */
  add(tasks: readonly Task[]): PlanGroup[] {
    const touched = new Map<string, PlanGroup>();
    for (const task of tasks) {
      const label = `${task.chapter ?? ""}:${task.stage}`;
      let group = this.#groups.get(label);
      if (!group) {
        group = { chapter: task.chapter, stage: task.stage, tasks: 0 };
        this.#groups.set(label, group);
      }
      group.tasks += 1;
      this.total += 1;
      touched.set(label, group);
    }
    return [...touched.values()].map((group) => ({ ...group }));
  }
}

/**
 * The `plan-update` event's fields: tasks known in all, the estimated seconds of work left
 * (the busiest pool's unfinished estimates ÷ its limit), and the changed groups.
 */
export function planUpdate(
  counts: PlanCounts,
  groups: PlanGroup[],
  remainingSeconds: number,
): Record<string, unknown> {
  return { tasks: counts.total, remainingSeconds: Math.round(remainingSeconds), groups };
}
