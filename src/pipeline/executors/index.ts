import type { LoadedConfig } from "../../config/load.js";
import type { Tier } from "../../config/schema.js";
import type { Book } from "../../model/book.js";
import type { EventSink } from "../../providers/middleware/index.js";
import type { AnyModel } from "../../providers/spec/index.js";
import type { Modality } from "../../providers/spec/shared.js";
import type { Bible, Screenplay } from "../../script/schema.js";
import type { SpeechVoices } from "../../script/setup.js";
import type { ArtifactStore } from "../../store/artifacts.js";
import type { Db } from "../../store/db.js";
import type { ScheduledTask, Task, TaskKind, TaskOutput } from "../graph.js";

/** What every executor may use. One per book run. */
export interface ExecutorContext {
  db: Db;
  home: string;
  artifacts: ArtifactStore;
  /** `<out>/<book-slug>/` and its `media/` folder. */
  folder: string;
  mediaFolder: string;
  file: string;
  book: Book;
  loaded: LoadedConfig;
  env: NodeJS.ProcessEnv;
  tier: Tier;
  runId: string;
  /** The run's budget scope (`openBudget` done by the runner). */
  budgetScope: string;
  events: EventSink;
  signal: AbortSignal;
  /**
   * The chain for a task: `resilientChain` over the refs' models, wrapped in `withMetering`
   * with this run's budget, run id, book id and the task's id. Built per task (metering
   * records the task id), cheap to call.
   */
  chain<M extends AnyModel>(
    modality: Modality,
    refs: readonly string[],
    taskId: string,
  ): Promise<M>;
  /** Shared by the bible and adapt executors and read by planning: what this run knows so far. */
  state: {
    bible: Bible | null;
    screenplays: Map<number, Screenplay>;
    /** The speech provider's voice list, fetched once per run (undefined: not yet). */
    voices?: Promise<SpeechVoices | null>;
  };
}

export interface ExecuteResult {
  output: Omit<TaskOutput, "hash">;
  /** Who served it (after fallback), for `task-end` and the report. */
  provider?: string;
  model?: string;
  fallbackFrom?: string;
  costUsd: number;
}

export type Executor = (
  task: ScheduledTask,
  inputs: ReadonlyMap<string, TaskOutput>,
  context: ExecutorContext,
) => Promise<ExecuteResult>;

/** The module and export that implement each kind (loaded on first use). */
const MODULES: Record<TaskKind, () => Promise<Executor>> = {
  ingest: async () => (await import("./ingest.js")).executeIngest,
  index: async () => (await import("./rag-index.js")).executeIndex,
  bible: async () => (await import("./bible.js")).executeBible,
  adapt: async () => (await import("./adapt.js")).executeAdapt,
  portrait: async () => (await import("./portrait.js")).executePortrait,
  image: async () => (await import("./image.js")).executeImage,
  speech: async () => (await import("./speech.js")).executeSpeech,
  clip: async () => (await import("./clip.js")).executeClip,
  render: async () => (await import("./render.js")).executeRender,
  exports: async () => (await import("./exports.js")).executeExports,
};

/**
 * The executor of a task kind. Executors of `ingest`, `index`, `bible` and `adapt` always run
 * (they make no provider call when their files are current: the bible and screenplays follow
 * `litink script`'s rules), and so does `exports` (two small files); media executors
 * (`portrait`, `image`, `speech`, `clip`) and `render` run only on a cache miss. Image and video executors need the task's cache key as `task.key` (their
 * job is persisted under it).
 */
export function executorFor(kind: TaskKind): Executor {
  const load = MODULES[kind];
  if (!load) throw new Error(`no executor for task kind "${kind}"`);
  return async (task, inputs, context) => (await load())(task, inputs, context);
}

/** Kinds whose outputs go through the task cache (the rest always run, cheaply). */
export const CACHED_KINDS: ReadonlySet<TaskKind> = new Set([
  "portrait",
  "image",
  "speech",
  "clip",
  "render",
]);

/**
 * Copies (or hard-links) a task's artifacts from the cache into `media/` under stable names
 * (`media/<shot or line id>.<ext>`, `media/portrait-<id>.png`), and a render's into the book
 * folder (`chapter-NN-<slug>.mp4/.srt/.vtt`), atomically, so the storyboard and timeline
 * point at relative paths. Returns the paths relative to the book folder.
 */
export async function materialize(
  task: Task,
  output: TaskOutput,
  context: ExecutorContext,
): Promise<string[]> {
  const { materializeOutput } = await import("./materialize.js");
  return materializeOutput(task, output, context);
}
