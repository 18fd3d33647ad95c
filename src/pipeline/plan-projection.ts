import type { Modality } from "../providers/spec/shared.js";
import { renderProfile } from "../render/profiles.js";
import { chapterTarget, unitsPerMinute } from "../script/target.js";
import type { BodyChapter } from "../script/writer.js";
import type { TaskGraph, TaskKind } from "./graph.js";
import type { PlanInput } from "./plan.js";
import {
  adaptId,
  CHARACTERS_PER_WORD,
  GAP_SECONDS,
  PROJECTED_LINES_PER_SHOT,
  PROJECTED_WORDS_PER_LINE,
} from "./plan-constants.js";
import { estimateTask } from "./plan-cost.js";
import { makesClips } from "./plan-media.js";

/**
 * A chapter not adapted yet has no shots or lines to plan, but its media will cost money and
 * time: guess them from the target length (lines ≈ spoken words ÷ 12, shots ≈ lines ÷ 3, one
 * image per shot and a clip for a remote video chain, one render; portraits ≈ 0, the bible's
 * characters mostly have theirs).
 */

export interface ProjectedKind {
  kind: TaskKind;
  /** null for the render (it calls no provider). */
  modality: Modality | null;
  chain: readonly string[];
  count: number;
  /** Per task. */
  estimate: { usd: number; seconds: number };
}

export function projectChapter(input: PlanInput, chapter: BodyChapter): ProjectedKind[] {
  const target = chapterTarget(chapter.words, input.script, input.minutes, input.language);
  const rate = unitsPerMinute(input.script, input.language);
  const lines = Math.max(1, Math.round(target.spokenWords / PROJECTED_WORDS_PER_LINE));
  const shots = Math.max(1, Math.ceil(lines / PROJECTED_LINES_PER_SHOT));
  const wordsPerLine = target.spokenWords / lines;
  const linesPerShot = lines / shots;
  const clipSeconds =
    ((wordsPerLine * linesPerShot) / rate) * 60 + GAP_SECONDS * Math.max(0, linesPerShot - 1);
  const project = (
    kind: TaskKind,
    modality: Modality,
    count: number,
    work: Parameters<typeof estimateTask>[2],
  ): ProjectedKind => {
    const chain = input.chains[modality];
    return {
      kind,
      modality,
      chain,
      count,
      estimate: estimateTask(kind, chain, work, input.prices),
    };
  };
  const kinds = [
    project("image", "image", shots, {}),
    project("speech", "speech", lines, {
      words: wordsPerLine,
      characters: wordsPerLine * CHARACTERS_PER_WORD,
    }),
  ];
  if (makesClips(input)) kinds.push(project("clip", "video", shots, { clipSeconds }));
  const videoSeconds =
    shots * clipSeconds + renderProfile(input.aspect, input.quality).titleSeconds;
  kinds.push({
    kind: "render",
    modality: null,
    chain: [],
    count: 1,
    estimate: estimateTask(
      "render",
      [],
      { clipSeconds: videoSeconds, quality: input.quality },
      input.prices,
    ),
  });
  return kinds;
}

const MEDIA_KINDS: ReadonlySet<TaskKind> = new Set([
  "portrait",
  "image",
  "speech",
  "clip",
  "render",
]);

/** Selected chapters with no screenplay yet and none of whose media the graph holds. */
export function unadaptedChapters(input: PlanInput, graph: TaskGraph): BodyChapter[] {
  const withMedia = new Set(
    graph.tasks.filter((task) => MEDIA_KINDS.has(task.kind)).map((task) => task.chapter),
  );
  return input.chapters.filter(
    (chapter) => !input.screenplays.has(chapter.index) && !withMedia.has(chapter.index),
  );
}

/**
 * Seconds that will follow each unadapted chapter's adapt task once its media are planned:
 * the longer of a shot's image and a line's speech, then the shot's clip, then the render. `criticalPath`
 * takes it so the runner starts adapt tasks with the most work behind them first.
 */
export function projectedTails(input: PlanInput, graph: TaskGraph): Map<string, number> {
  const tails = new Map<string, number>();
  for (const chapter of unadaptedChapters(input, graph)) {
    const seconds = (kind: TaskKind) =>
      projectChapter(input, chapter).find((each) => each.kind === kind)?.estimate.seconds ?? 0;
    tails.set(
      adaptId(chapter.index, input.bodyChapters),
      Math.max(seconds("image"), seconds("speech")) + seconds("clip") + seconds("render"),
    );
  }
  return tails;
}
