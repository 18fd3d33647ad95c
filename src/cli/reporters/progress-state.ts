import type { LitinkEvent } from "../../events/bus.js";

/** Per chapter and stage: how many tasks are known, finished, cached, failed. */
export interface GroupCount {
  label: string;
  known: number;
  finished: number;
  cached: number;
  failed: number;
  running: number;
}

/**
 * The progress view's model, fed by bus events: groups by chapter and stage, the running cost
 * against the budget, fallbacks, and an ETA from the mean task time so far.
 */
export class ProgressState {
  readonly groups = new Map<string, GroupCount>();
  readonly fallbacks: string[] = [];
  spentUsd = 0;
  budgetUsd: number | null = null;
  book = "";
  runId = "";
  #started = Date.now();
  #finishedMs = 0;

  onEvent(event: LitinkEvent): void {
    if (event.type === "run-start") {
      this.groups.clear();
      this.fallbacks.length = 0;
      this.book = String(event.book ?? "");
      this.runId = String(event.runId ?? "");
      this.budgetUsd = typeof event.budgetUsd === "number" ? event.budgetUsd : null;
      this.spentUsd = 0;
      this.#started = Date.now();
      this.#finishedMs = 0;
    } else if (event.type === "task-start") {
      const group = this.group(event);
      group.known = Math.max(group.known, group.finished + group.running + 1);
      group.running += 1;
    } else if (event.type === "task-end") {
      const group = this.group(event);
      if (event.status !== "skipped" || group.running > 0)
        group.running = Math.max(0, group.running - 1);
      group.finished += 1;
      group.known = Math.max(group.known, group.finished + group.running);
      if (event.status === "cached") group.cached += 1;
      if (event.status === "failed") group.failed += 1;
      this.#finishedMs = Date.now() - this.#started;
      if (event.fallbackFrom)
        this.fallbacks.push(
          `${String(event.task)}: ${String(event.fallbackFrom)} → ${String(event.provider)}:${String(event.model)}`,
        );
    } else if (event.type === "cost-update") {
      if (typeof event.spentUsd === "number") this.spentUsd = event.spentUsd;
      if (typeof event.budgetUsd === "number") this.budgetUsd = event.budgetUsd;
    } else if (event.type === "fallback") {
      this.fallbacks.push(
        `${String(event.modality)}: ${String(event.from)} → ${String(event.to)} (${String(event.reason)})`,
      );
    }
  }

  group(event: LitinkEvent): GroupCount {
    const task = String(event.task ?? "");
    const chapter = typeof event.chapter === "number" ? event.chapter : /ch(\d+)/.exec(task)?.[1];
    const stage = typeof event.stage === "string" ? event.stage : String(event.kind ?? "task");
    const label =
      chapter === undefined || chapter === null ? stage : `chapter ${Number(chapter)} · ${stage}`;
    let group = this.groups.get(label);
    if (!group) {
      group = { label, known: 0, finished: 0, cached: 0, failed: 0, running: 0 };
      this.groups.set(label, group);
    }
    return group;
  }

  totals(): { known: number; finished: number; cached: number } {
    let known = 0;
    let finished = 0;
    let cached = 0;
    for (const group of this.groups.values()) {
      known += group.known;
      finished += group.finished;
      cached += group.cached;
    }
    return { known, finished, cached };
  }

  /** Seconds left at the pace so far (tasks finished per second), or null before any finished. */
  etaSeconds(): number | null {
    const { known, finished } = this.totals();
    if (finished === 0 || this.#finishedMs === 0) return null;
    return ((known - finished) * this.#finishedMs) / finished / 1000;
  }

  costLine(): string {
    const budget = this.budgetUsd === null ? "" : ` / $${this.budgetUsd.toFixed(2)}`;
    const eta = this.etaSeconds();
    return `$${this.spentUsd.toFixed(this.spentUsd > 0 && this.spentUsd < 0.01 ? 4 : 2)}${budget}${eta === null ? "" : ` · ETA ${Math.ceil(eta)} s`}`;
  }
}
