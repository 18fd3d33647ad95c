import type { LitinkEvent } from "../../events/bus.js";

/** Per chapter and stage: how many tasks are known, finished, cached, failed. */
export interface GroupCount {
  label: string;
  /** The denominator: the planned count (`plan-update`), or what was seen, if more. */
  known: number;
  finished: number;
  cached: number;
  failed: number;
  running: number;
}

/** Finished tasks before an ETA is shown: earlier ones say little about the pace. */
const ETA_AFTER = 10;
/** Finished tasks after which the observed pace alone corrects the estimate. */
const TRUST_AFTER = 40;
/** The pace is measured over the last this many finished tasks: the current stage's speed. */
const PACE_WINDOW = 20;

/**
 * The progress view's model, fed by bus events: groups by chapter and stage (their totals
 * from `plan-update`), the running cost against the budget, fallbacks, and an ETA.
 */
export class ProgressState {
  readonly groups = new Map<string, GroupCount>();
  readonly fallbacks: string[] = [];
  spentUsd = 0;
  budgetUsd: number | null = null;
  book = "";
  runId = "";
  #started: number | null = null;
  #planned = 0;
  /** The estimate at the last `plan-update`: seconds left then, and tasks unfinished then. */
  #estimate: { seconds: number; unfinished: number } | null = null;
  /** Estimated seconds of the tasks finished so far (each its share of the estimate). */
  #estimatedDone = 0;
  /** The last finishes: when, and `#estimatedDone` then. */
  #recent: Array<{ at: number; done: number }> = [];

  constructor(private readonly now: () => number = Date.now) {}

  onEvent(event: LitinkEvent): void {
    if (event.type === "run-start") {
      this.groups.clear();
      this.fallbacks.length = 0;
      this.book = String(event.book ?? "");
      this.runId = String(event.runId ?? "");
      this.budgetUsd = typeof event.budgetUsd === "number" ? event.budgetUsd : null;
      this.spentUsd = 0;
      this.#started = null;
      this.#planned = 0;
      this.#estimate = null;
      this.#estimatedDone = 0;
      this.#recent = [];
    } else if (event.type === "plan-update") {
      this.#onPlan(event);
    } else if (event.type === "task-start") {
      this.#started ??= this.now();
      const group = this.group(event);
      group.running += 1;
      group.known = Math.max(group.known, group.finished + group.running);
    } else if (event.type === "task-end") {
      const group = this.group(event);
      if (event.status !== "skipped" || group.running > 0)
        group.running = Math.max(0, group.running - 1);
      group.finished += 1;
      group.known = Math.max(group.known, group.finished + group.running);
      if (event.status === "cached") group.cached += 1;
      if (event.status === "failed") group.failed += 1;
      if (this.#estimate && this.#estimate.unfinished > 0)
        this.#estimatedDone += this.#estimate.seconds / this.#estimate.unfinished;
      this.#recent.push({ at: this.now(), done: this.#estimatedDone });
      if (this.#recent.length > PACE_WINDOW + 1) this.#recent.shift();
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

  /** Totals per group (only the groups it changed) and the estimated seconds left. */
  #onPlan(event: LitinkEvent): void {
    if (typeof event.tasks === "number") this.#planned = event.tasks;
    for (const planned of Array.isArray(event.groups) ? event.groups : []) {
      const { chapter, stage, tasks } = planned as Record<string, unknown>;
      const group = this.group({ type: "plan", ts: "", chapter, stage });
      if (typeof tasks === "number") group.known = Math.max(tasks, group.finished + group.running);
    }
    if (typeof event.remainingSeconds === "number") {
      const { known, finished } = this.totals();
      this.#estimate = { seconds: event.remainingSeconds, unfinished: known - finished };
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
    return { known: Math.max(known, this.#planned), finished, cached };
  }

  /**
   * Seconds left, or null until enough tasks finished. The plan's estimate of the work left
   * (the busiest pool's work ÷ its limit, shrunk by the share of tasks finished since) times
   * the pace of the last finishes against that estimate (wall seconds per estimated second),
   * trusted more as tasks finish: a rerun of cached tasks soon shows seconds, not the minutes
   * of paid work it planned, and a slow first stage (the bible) does not weigh on the media.
   */
  etaSeconds(): number | null {
    const { known, finished } = this.totals();
    if (finished < ETA_AFTER || this.#started === null) return null;
    const left = known - finished;
    if (left <= 0) return null;
    const first = this.#recent[0];
    const last = this.#recent.at(-1);
    const estimated = first && last ? last.done - first.done : 0;
    if (!this.#estimate || this.#estimate.unfinished <= 0 || !first || estimated <= 0)
      return (left * (this.now() - this.#started)) / 1000 / finished;
    const planned = (this.#estimate.seconds * left) / this.#estimate.unfinished;
    const pace = (this.now() - first.at) / 1000 / estimated;
    const trust = Math.min(1, finished / TRUST_AFTER);
    return planned * (trust * pace + (1 - trust));
  }

  costLine(): string {
    const budget = this.budgetUsd === null ? "" : ` / $${this.budgetUsd.toFixed(2)}`;
    const eta = this.etaSeconds();
    return `$${this.spentUsd.toFixed(this.spentUsd > 0 && this.spentUsd < 0.01 ? 4 : 2)}${budget}${eta === null ? "" : ` · ETA ${duration(eta)}`}`;
  }
}

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
