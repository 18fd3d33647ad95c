import type { LitinkConfig, Tier } from "../config/schema.js";
import type { Price } from "../config/defaults.js";
import type { Modality } from "../providers/spec/shared.js";
import type { Bible, Screenplay } from "../script/schema.js";
import type { BodyChapter } from "../script/writer.js";
import type { Task, TaskGraph } from "./graph.js";

export type Aspect = "16:9" | "9:16" | "1:1";
export type Quality = "draft" | "standard";

export interface PlanInput {
  /** The input path as given (for the ingest task's params). */
  file: string;
  /** sha256 of the book file. */
  bookId: string;
  language: string | null;
  /** The selected body chapters, in order. */
  chapters: BodyChapter[];
  /** Body chapters in the whole book (for `chNN` widths). */
  bodyChapters: number;
  /** The bible when known (bible.json exists or the bible task ran); null: still to make. */
  bible: Bible | null;
  /** Screenplays known so far, by chapter number (current ones only). */
  screenplays: ReadonlyMap<number, Screenplay>;
  tier: Tier;
  /** Usable refs per modality for the tier (after key checks). */
  chains: Readonly<Record<Modality, readonly string[]>>;
  prices: Readonly<Record<string, Price>>;
  aspect: Aspect;
  quality: Quality;
  /** `--minutes`, when given. */
  minutes?: number;
  script: LitinkConfig["script"];
  /** The writer's version (`ScriptWriter.version`), so a new writer re-plans adapt tasks. */
  writerVersion: string;
}

/**
 * STUB (contract). The whole task graph that can be known now: ingest → index → bible →
 * portraits (characters in the selected chapters, once the bible is known) → adapt(chapter)
 * → per shot image (+ clip), per line speech (for chapters whose screenplay is known).
 */
export function planBook(_input: PlanInput): TaskGraph {
  throw new Error("not implemented yet");
}

/**
 * STUB (contract). Media tasks of one chapter once its screenplay exists (the runner adds them
 * after the chapter's adapt task): portrait tasks for characters not planned yet, per shot an
 * image and a clip, per line a speech task. Ids: `image:<shot id>`, `clip:<shot id>`,
 * `speech:<line id>`, `portrait:<character id>`.
 */
export function chapterMediaTasks(
  _input: PlanInput,
  _screenplay: Screenplay,
  _bible: Bible,
  _planned: ReadonlySet<string>,
): Task[] {
  throw new Error("not implemented yet");
}

/** DESIGN.md §4 `estimate` result. */
export interface Estimate {
  [field: string]: unknown;
  tier: Tier;
  tasks: number;
  cachedTasks: number;
  estimatedUsd: number;
  estimatedSeconds: number;
  byStage: Record<string, { tasks: number; cachedTasks: number; usd: number; seconds: number }>;
  byModel: Record<string, { tasks: number; cachedTasks: number; usd: number }>;
}

/**
 * STUB (contract). The plan priced: known tasks as planned, chapters without a screenplay
 * projected from their target length (lines and shots per minute), tasks whose key is already
 * in the cache counted as free (`cached` holds their ids).
 */
export function estimatePlan(
  _input: PlanInput,
  _graph: TaskGraph,
  _cached: ReadonlySet<string>,
): Estimate {
  throw new Error("not implemented yet");
}
