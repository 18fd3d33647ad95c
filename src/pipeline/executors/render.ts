import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type {
  ChapterRenderRequest,
  ChapterRenderResult,
} from "../../render/chapter-render-types.js";
import { checkedSink, presentArtifact } from "./artifact-files.js";
import type { Executor, ExecutorContext } from "./index.js";
import { timelineInputOf } from "./render-input.js";

/** What renders a chapter: src/render/chapter.ts, or a fake in unit tests. */
export type RenderChapter = (request: ChapterRenderRequest) => Promise<ChapterRenderResult>;

/** `task-progress` at most every 2 % of the render: enough for a bar, not a flood. */
const PROGRESS_STEP = 0.02;

const MEDIA_TYPES = {
  video: "video/mp4",
  srt: "application/x-subrip",
  vtt: "text/vtt",
  timeline: "application/json",
} as const;

/**
 * A chapter's video (`render:chNN`): the timeline planned from the screenplay's structure (the
 * task's params) and its inputs' measured media, then one `renderChapter`. The MP4, SRT, VTT
 * and the plan itself (which the exports task reads for timeline.otio) go to the artifact
 * cache, so an unchanged chapter is never encoded twice; `materialize` names them
 * `chapter-NN-<slug>.*` in the book folder.
 */
export function renderExecutor(
  load: () => Promise<RenderChapter> = defaultRenderChapter,
): Executor {
  return async (task, inputs, context) => {
    const fileOf = (hash: string, what: string) => {
      const artifact = presentArtifact(context.artifacts, hash);
      if (!artifact)
        throw new Error(`task ${task.id}: ${what} (${hash}) is missing from the cache`);
      return artifact.path;
    };
    const { planChapterTimeline } = await import("../../render/timeline.js");
    const timeline = planChapterTimeline(timelineInputOf(task, inputs, fileOf));
    const { requireTool } = await import("../../render/ffmpeg/locate.js");
    const ffmpeg = requireTool("ffmpeg", context.env);
    const ffprobe = requireTool("ffprobe", context.env);
    const music =
      typeof task.params.music === "string" ? fileOf(task.params.music, "the music") : null;
    const title = typeof task.params.title === "string" ? task.params.title : "";
    const bookTitle = typeof task.params.bookTitle === "string" ? task.params.bookTitle : null;
    const renderChapter = await load();
    const { withTempDir } = await import("../../render/ffmpeg/temp-dir.js");
    const tempParent = join(context.home, "tmp");
    return withTempDir(
      "litink-render-out",
      async (folder) => {
        const output = {
          mp4: join(folder, "chapter.mp4"),
          srt: join(folder, "chapter.srt"),
          vtt: join(folder, "chapter.vtt"),
        };
        const result = await renderChapter({
          timeline,
          output,
          titleCard: { title, subtitle: bookTitle },
          burnSubtitles: task.params.burnSubtitles === true,
          music,
          ffmpeg,
          ffprobe,
          signal: context.signal,
          onProgress: progressReporter(task, context),
          tempParent,
        });
        for (const warning of result.warnings ?? [])
          context.events.emit("warning", { message: warning.message });
        const sink = checkedSink(context.db, context.artifacts);
        const store = async (path: string, mediaType: string) =>
          (await sink.put(await readFile(path), mediaType)).hash;
        const plan = new TextEncoder().encode(JSON.stringify(timeline));
        return {
          output: {
            artifacts: {
              video: await store(result.files.mp4, MEDIA_TYPES.video),
              srt: await store(result.files.srt, MEDIA_TYPES.srt),
              vtt: await store(result.files.vtt, MEDIA_TYPES.vtt),
              timeline: (await sink.put(plan, MEDIA_TYPES.timeline)).hash,
            },
            values: {
              plannedSeconds: result.plannedSeconds,
              measuredSeconds: result.measuredSeconds,
              loudness: { ...result.loudness },
              transitions: result.transitions,
              renderMs: Math.round(result.ms),
              scenes: timeline.scenes.length,
              fileBase: typeof task.params.fileBase === "string" ? task.params.fileBase : "chapter",
            },
          },
          costUsd: 0,
        };
      },
      { parent: tempParent },
    );
  };
}

export const executeRender: Executor = renderExecutor();

async function defaultRenderChapter(): Promise<RenderChapter> {
  return (await import("../../render/chapter.js")).renderChapter;
}

function progressReporter(
  task: { id: string; kind: string; stage: string; chapter: number | null },
  context: ExecutorContext,
): (fraction: number) => void {
  let last = -1;
  return (fraction) => {
    if (fraction < 1 && fraction - last < PROGRESS_STEP) return;
    last = fraction;
    context.events.emit("task-progress", {
      task: task.id,
      kind: task.kind,
      stage: task.stage,
      chapter: task.chapter,
      fraction: Math.round(fraction * 1000) / 1000,
    });
  };
}
