import { readdir, readFile } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import type { ChapterTimeline } from "../../render/timeline-types.js";
import type { Screenplay } from "../../script/schema.js";
import { type Aspect, FRAME_SIZES, PORTRAIT_SIDE, type Quality } from "../plan-constants.js";
import { presentArtifact } from "./artifact-files.js";
import type { Executor, ExecutorContext } from "./index.js";
import { sceneCosts } from "./scene-costs.js";

/** The names `timeline.otio` gets in the book folder (the storyboard's is STORYBOARD_FILE). */
export const TIMELINE_FILE = "timeline.otio";

const IMAGE_EXTENSIONS = new Set([".png", ".jpg", ".jpeg", ".webp", ".gif"]);
const VIDEO_EXTENSIONS = new Set([".mp4", ".webm", ".mov"]);

/**
 * The book's `storyboard.html` and `timeline.otio` (DESIGN.md §1), from the screenplays, the
 * materialized `media/` files (by the ids `materialize` names them after), every chapter's
 * rendered plan (its render's `timeline` artifact) and the ledger's cost per scene. Cheap and
 * always run: the costs change from run to run, the renders it reads are cached.
 */
export const executeExports: Executor = async (task, inputs, context) => {
  const quality = (task.params.quality === "draft" ? "draft" : "standard") as Quality;
  const aspect = (typeof task.params.aspect === "string" ? task.params.aspect : "16:9") as Aspect;
  const bible = context.state.bible;
  if (!bible) throw new Error(`task ${task.id} needs the story bible`);
  const chapters: Array<{ screenplay: Screenplay; timeline: ChapterTimeline; video: string }> = [];
  for (const id of task.inputs) {
    const output = inputs.get(id);
    const hash = output?.artifacts.timeline;
    const file = hash === undefined ? null : presentArtifact(context.artifacts, hash);
    if (!output || !file) throw new Error(`task ${task.id}: ${id} left no timeline`);
    const timeline = JSON.parse(await readFile(file.path, "utf8")) as ChapterTimeline;
    const screenplay = context.state.screenplays.get(timeline.chapter);
    if (!screenplay)
      throw new Error(`task ${task.id}: chapter ${timeline.chapter} has no screenplay`);
    const fileBase = output.values.fileBase;
    if (typeof fileBase !== "string") throw new Error(`task ${task.id}: ${id} named no file`);
    chapters.push({ screenplay, timeline, video: `${fileBase}.mp4` });
  }
  const media = await mediaFiles(context.mediaFolder);
  const frame = FRAME_SIZES[quality][aspect];
  const side = PORTRAIT_SIDE[quality];
  const pick = (id: string, kinds: ReadonlySet<string>) =>
    (media.get(id) ?? []).find((name) => kinds.has(extname(name).toLowerCase()));
  const shots = new Map<string, { path: string; width: number; height: number }>();
  const clips = new Map<string, string>();
  const lines = new Map<string, string>();
  for (const { screenplay } of chapters)
    for (const scene of screenplay.scenes) {
      for (const shot of scene.shots) {
        const still = pick(shot.id, IMAGE_EXTENSIONS);
        if (still) shots.set(shot.id, { path: `media/${still}`, ...frame });
        const clip = pick(shot.id, VIDEO_EXTENSIONS);
        if (clip) clips.set(shot.id, `media/${clip}`);
      }
      for (const line of scene.lines) {
        const audio = (media.get(line.id) ?? [])[0];
        if (audio) lines.set(line.id, `media/${audio}`);
      }
    }
  const portraits = new Map<string, { path: string; width: number; height: number }>();
  for (const character of bible.characters) {
    const face = pick(`portrait-${character.id}`, IMAGE_EXTENSIONS);
    if (face) portraits.set(character.id, { path: `media/${face}`, width: side, height: side });
  }
  const { writeStoryboard } = await import("../../render/exports/storyboard.js");
  const written = await writeStoryboard(context.folder, {
    book: {
      title: context.book.title ?? bible.book.title ?? "Untitled",
      author: context.book.author,
    },
    bible,
    chapters: chapters.map(({ screenplay, video }) => {
      const base = video.slice(0, -".mp4".length);
      return { screenplay, video, subtitles: { srt: `${base}.srt`, vtt: `${base}.vtt` } };
    }),
    media: { shots, clips, lines, portraits },
    sceneCosts: sceneCosts(
      context.db,
      context.book.id,
      chapters.map((each) => each.screenplay),
    ),
  });
  const otioPath = await writeOtio(context, chapters);
  return {
    output: {
      artifacts: {},
      values: {
        storyboard: written.path,
        timeline: otioPath,
        missing: written.missing,
      },
    },
    costUsd: 0,
  };
};

/** One Timeline for the book, every URL relative to the book folder. */
async function writeOtio(
  context: ExecutorContext,
  chapters: ReadonlyArray<{ timeline: ChapterTimeline; video: string }>,
): Promise<string> {
  const { timelineOtio } = await import("../../render/exports/otio.js");
  const { writeFileAtomic } = await import("../../script/files.js");
  // The plan names cached files, shared by shots or lines with identical bytes; the editor
  // gets each shot's and line's own copy in media/ (same bytes, named by its id).
  const inMedia = chapters.map(({ timeline, video }) => ({
    video,
    timeline: {
      ...timeline,
      scenes: timeline.scenes.map((scene) => ({
        ...scene,
        shots: scene.shots.map((shot) => ({
          ...shot,
          visual: { ...shot.visual, path: mediaCopy(context, shot.id, shot.visual.path) },
          lines: shot.lines.map((line) => ({
            ...line,
            audio: mediaCopy(context, line.id, line.audio),
          })),
        })),
      })),
    },
  }));
  const videos = new Map(inMedia.map((each) => [each.timeline, each.video]));
  const otio = timelineOtio(
    inMedia.map((each) => each.timeline),
    {
      mediaBase: resolve(context.folder),
      videoPath: (timeline) => resolve(context.folder, videos.get(timeline) ?? ""),
      name: basename(resolve(context.folder)),
    },
  );
  const path = join(context.folder, TIMELINE_FILE);
  await writeFileAtomic(path, `${JSON.stringify(otio, null, 2)}\n`);
  return path;
}

function mediaCopy(context: ExecutorContext, id: string, source: string): string {
  return resolve(context.mediaFolder, `${id.replace(/[^A-Za-z0-9._-]+/g, "_")}${extname(source)}`);
}

/** `media/` by base name (the id materialize named a file after) → its file names. */
async function mediaFiles(folder: string): Promise<Map<string, string[]>> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const byId = new Map<string, string[]>();
  for (const name of names.sort()) {
    if (name.endsWith(".tmp")) continue;
    const id = name.slice(0, name.length - extname(name).length);
    byId.set(id, [...(byId.get(id) ?? []), name]);
  }
  return byId;
}
