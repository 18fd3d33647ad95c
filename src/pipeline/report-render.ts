import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExecutorContext } from "./executors/index.js";
import type { Json, TaskGraph, TaskOutput } from "./graph.js";
import { EXPORTS_ID } from "./plan-constants.js";

/** What a run made: the final graph and every output it produced or found cached. */
export interface RunMade {
  graph: TaskGraph;
  outputs: ReadonlyMap<string, TaskOutput>;
}

/** One rendered chapter in report.json. */
export interface ChapterReport {
  chapter: number | null;
  task: string;
  /** Absolute paths in the book folder. */
  file: string;
  srt: string;
  vtt: string;
  plannedSeconds: Json;
  measuredSeconds: Json;
  loudness: Json;
  transitions: Json;
  /** Wall time of the encode when it was made (a cached chapter took none this run). */
  renderMs: Json;
}

export interface Rendered {
  chapters: ChapterReport[];
  storyboard: string | null;
  timeline: string | null;
  /** Every file above, for `run-end.outputs`: MP4s, SRT, VTT, storyboard.html, timeline.otio. */
  files: string[];
}

/** The chapters rendered in this run (made or cached) and the exports, from the run's outputs. */
export function renderedOf(made: RunMade, folder: string): Rendered {
  const chapters: ChapterReport[] = [];
  for (const task of made.graph.tasks) {
    const output = made.outputs.get(task.id);
    if (task.kind !== "render" || !output) continue;
    const base = join(folder, String(task.params.fileBase ?? "chapter"));
    const value = (name: string): Json => output.values[name] ?? null;
    chapters.push({
      chapter: task.chapter,
      task: task.id,
      file: `${base}.mp4`,
      srt: `${base}.srt`,
      vtt: `${base}.vtt`,
      plannedSeconds: value("plannedSeconds"),
      measuredSeconds: value("measuredSeconds"),
      loudness: value("loudness"),
      transitions: value("transitions"),
      renderMs: value("renderMs"),
    });
  }
  // Render tasks join the graph as chapters are adapted, in whatever order those finish: the
  // report lists chapters in reading order.
  chapters.sort((a, b) => (a.chapter ?? 0) - (b.chapter ?? 0));
  const exports = made.outputs.get(EXPORTS_ID)?.values;
  const storyboard = typeof exports?.storyboard === "string" ? exports.storyboard : null;
  const timeline = typeof exports?.timeline === "string" ? exports.timeline : null;
  const files = [
    ...chapters.flatMap((chapter) => [chapter.file, chapter.srt, chapter.vtt]),
    ...(storyboard ? [storyboard] : []),
    ...(timeline ? [timeline] : []),
  ];
  return { chapters, storyboard, timeline, files };
}

/** The `--music` bed into the artifact cache, where the render finds it by its hash. */
export async function storeMusic(
  context: ExecutorContext,
  music: string | undefined,
): Promise<void> {
  if (!music) return;
  const { checkMusicFile } = await import("./music-file.js");
  const mediaType = checkMusicFile(music);
  await context.artifacts.put(await readFile(music), mediaType);
}
