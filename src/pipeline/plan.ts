import type { Price } from "../config/defaults.js";
import type { LitinkConfig, Tier } from "../config/schema.js";
import type { Modality } from "../providers/spec/shared.js";
import type { Bible, Screenplay } from "../script/schema.js";
import { chapterTarget } from "../script/target.js";
import type { BodyChapter } from "../script/writer.js";
import type { Task, TaskGraph } from "./graph.js";
import {
  type Aspect,
  adaptId,
  BIBLE_INPUT_WORDS,
  BIBLE_OUTPUT_TOKENS,
  type Quality,
  TASK_VERSIONS,
  TOKENS_PER_WORD,
} from "./plan-constants.js";
import { estimateTask } from "./plan-cost.js";
import { estimateOf } from "./plan-estimate.js";
import { mediaTasksOf } from "./plan-media.js";
import { exportsTask, renderTask } from "./plan-render.js";

export type { Aspect, Quality } from "./plan-constants.js";
export { adaptId, TASK_VERSIONS } from "./plan-constants.js";
export { criticalPath, topologicalOrder } from "./plan-order.js";
export { projectedTails } from "./plan-projection.js";

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
  /** `--burn-subtitles`, and the `--music` file's artifact hash (null: no music). */
  render?: { burnSubtitles: boolean; music: string | null };
}

/**
 * The whole task graph that can be known now: ingest → index → bible → adapt(chapter), and
 * for chapters whose screenplay is known (with the bible) their portraits, per shot an image
 * (and a clip for a remote video chain), per line a speech task, and the chapter's render;
 * then one exports task reading every chapter's render. Chapters without a screenplay get
 * only their adapt task; the runner adds the rest with `chapterMediaTasks` once adapt ran.
 */
export function planBook(input: PlanInput): TaskGraph {
  const tasks: Task[] = [
    ...bookTasks(input),
    ...input.chapters.map((chapter) => adaptTask(input, chapter)),
  ];
  const planned = new Set(tasks.map((task) => task.id));
  if (input.bible) {
    for (const chapter of input.chapters) {
      const screenplay = input.screenplays.get(chapter.index);
      if (!screenplay) continue;
      for (const task of chapterTasksOf(input, screenplay, input.bible, planned)) {
        planned.add(task.id);
        tasks.push(task);
      }
    }
  }
  if (input.chapters.length > 0) tasks.push(exportsTask(input));
  return { tasks, dependencies: dependenciesOf(tasks) };
}

/**
 * Media tasks of one chapter once its screenplay exists: portraits for characters in frame or
 * speaking that `planned` lacks, per shot an image (and a clip for a remote video chain), per
 * line a speech task, and the chapter's render.
 */
export function chapterMediaTasks(
  input: PlanInput,
  screenplay: Screenplay,
  bible: Bible,
  planned: ReadonlySet<string>,
): Task[] {
  return chapterTasksOf(input, screenplay, bible, planned);
}

function chapterTasksOf(
  input: PlanInput,
  screenplay: Screenplay,
  bible: Bible,
  planned: ReadonlySet<string>,
): Task[] {
  const render = renderTask(input, screenplay, bible);
  const media = mediaTasksOf(input, screenplay, bible, planned);
  return planned.has(render.id) ? media : [...media, render];
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
 * The plan priced: known tasks as planned, chapters without a screenplay projected from their
 * target length (lines and shots per minute), tasks whose key is already in the cache counted
 * as free (`cached` holds their ids). See plan-estimate.ts for how time is reckoned.
 */
export function estimatePlan(
  input: PlanInput,
  graph: TaskGraph,
  cached: ReadonlySet<string>,
): Estimate {
  return estimateOf(input, graph, cached);
}

/** `[from, to]` for every input of every task, in task order. */
export function dependenciesOf(tasks: readonly Task[]): Array<[string, string]> {
  return tasks.flatMap((task) => task.inputs.map((from): [string, string] => [from, task.id]));
}

function bookTasks(input: PlanInput): Task[] {
  const words = input.chapters.reduce((sum, chapter) => sum + chapter.words, 0);
  const bibleChain = textChain(input);
  const none = { chapter: null, scene: null, modality: null, chain: [] };
  return [
    {
      ...none,
      id: "ingest",
      kind: "ingest",
      version: TASK_VERSIONS.ingest,
      stage: "ingest",
      params: { file: input.file },
      inputs: [],
      estimate: estimateTask("ingest", [], {}, input.prices),
    },
    {
      ...none,
      id: "index",
      kind: "index",
      version: TASK_VERSIONS.index,
      stage: "index",
      params: { file: input.file, bookId: input.bookId },
      inputs: ["ingest"],
      estimate: estimateTask("index", [], { words }, input.prices),
    },
    {
      ...none,
      id: "bible",
      kind: "bible",
      version: TASK_VERSIONS.bible,
      stage: "bible",
      modality: bibleChain.length > 0 ? "text" : null,
      chain: bibleChain,
      params: { bookId: input.bookId, writerVersion: input.writerVersion },
      inputs: ["index"],
      estimate: estimateTask(
        "bible",
        bibleChain,
        {
          inputTokens: Math.min(words, BIBLE_INPUT_WORDS) * TOKENS_PER_WORD,
          outputTokens: BIBLE_OUTPUT_TOKENS,
        },
        input.prices,
      ),
    },
  ];
}

function adaptTask(input: PlanInput, chapter: BodyChapter): Task {
  const chain = textChain(input);
  const target = chapterTarget(chapter.words, input.script, input.minutes, input.language);
  return {
    id: adaptId(chapter.index, input.bodyChapters),
    kind: "adapt",
    version: TASK_VERSIONS.adapt,
    stage: "adapt",
    chapter: chapter.index,
    scene: null,
    modality: chain.length > 0 ? "text" : null,
    chain,
    params: {
      chapterId: chapter.id,
      minutes: target.minutes,
      writerVersion: input.writerVersion,
      chapter: chapter.index,
    },
    inputs: ["bible"],
    estimate: estimateTask(
      "adapt",
      chain,
      {
        words: chapter.words,
        inputTokens: chapter.words * TOKENS_PER_WORD,
        outputTokens: target.spokenWords * TOKENS_PER_WORD,
      },
      input.prices,
    ),
  };
}

/** The offline tier writes extractively: no text provider, whatever the config lists. */
function textChain(input: PlanInput): string[] {
  return input.tier === "local" ? [] : [...input.chains.text];
}
