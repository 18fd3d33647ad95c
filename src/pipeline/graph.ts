import type { Modality } from "../providers/spec/shared.js";

/**
 * The run as plain data (DESIGN.md §7, STYLE.md "nx"): tasks and the edges between them. A
 * pure planner builds it (`plan.ts`), `litink estimate` prints it, the runner performs it.
 */

export const taskKinds = [
  "ingest",
  "index",
  "bible",
  "portrait",
  "adapt",
  "image",
  "speech",
  "clip",
  "render",
  "exports",
] as const;
export type TaskKind = (typeof taskKinds)[number];

/** Display and estimate groups, in pipeline order. */
export const stages = [
  "ingest",
  "index",
  "bible",
  "portraits",
  "adapt",
  "media",
  "render",
] as const;
export type Stage = (typeof stages)[number];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Task {
  /** Stable, readable and unique in the graph: `image:ch01-sc02-sh01`, `adapt:ch03`. */
  id: string;
  kind: TaskKind;
  /** Bumped when the executor of this kind would produce something else from the same input. */
  version: number;
  stage: Stage;
  /** Body chapter number, when the task belongs to one. */
  chapter: number | null;
  /** Scene id (`ch01-sc02`), when the task belongs to one. */
  scene: string | null;
  /** The modality of the provider chain the task calls; null for work that calls none. */
  modality: Modality | null;
  /** The tier's chain for that modality, as model refs; [] when no provider is called. */
  chain: string[];
  /**
   * Everything the task reads that is not another task's output: the prompt, the voice, the
   * text, the size. Part of the cache key.
   */
  params: { [key: string]: Json };
  /** Ids of the tasks whose outputs this task reads (their output hashes join the key). */
  inputs: string[];
  /** Planned cost and duration (before cache hits are known). */
  estimate: { usd: number; seconds: number };
}

/** A task the runner is about to execute: its cache key is known (its inputs are done). */
export interface ScheduledTask extends Task {
  /** The task's cache key; async media jobs are persisted under it, so a resume polls them. */
  key: string;
}

export interface TaskGraph {
  tasks: Task[];
  /** `[from, to]`: `to` reads what `from` produced. Mirrors every task's `inputs`. */
  dependencies: Array<[string, string]>;
}

/** What a finished task produced: files in the artifact store by role, plus plain values. */
export interface TaskOutput {
  /** Role → artifact hash (sha256 of the bytes), e.g. `{ image: "ab12…" }`. */
  artifacts: { [role: string]: string };
  values: { [key: string]: Json };
  /** Content hash of the whole output (stable JSON of artifacts + values): a dependent's input key. */
  hash: string;
}

/** A task's place in a run, as `task-end` reports it. */
export type TaskStatus = "done" | "cached" | "failed" | "skipped";
