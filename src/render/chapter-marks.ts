import type { ChapterTimeline } from "./timeline-types.js";

/**
 * MP4 chapter marks, one per scene at the scene's frame-exact start (research §2.4): written
 * as an FFMETADATA file that the chapter command reads with `-f ffmetadata -i chapters.txt`
 * and `-map_chapters`. Times in whole milliseconds (exact at 25 fps: 40 ms frames).
 */
export interface ChapterMark {
  title: string;
  /** Milliseconds from the chapter video's start. */
  startMs: number;
  endMs: number;
}

export interface ChapterMarkOptions {
  /** A mark over the title card (0 → first scene), e.g. "Title"; none when absent. */
  titleMark?: string;
}

/** One mark per scene (heading, else "Scene N"), each ending where the next begins. */
export function chapterMarks(
  timeline: ChapterTimeline,
  options: ChapterMarkOptions = {},
): ChapterMark[] {
  const ms = (frames: number) => Math.round((frames * 1000) / timeline.profile.fps);
  const starts = timeline.scenes.map((scene, index) => ({
    title: scene.heading.trim() || `Scene ${index + 1}`,
    startMs: ms(scene.startFrame),
  }));
  const firstScene = starts[0]?.startMs ?? ms(timeline.totalFrames);
  if (options.titleMark !== undefined && firstScene > 0)
    starts.unshift({ title: options.titleMark, startMs: 0 });
  return starts.map((mark, index) => ({
    ...mark,
    endMs: starts[index + 1]?.startMs ?? ms(timeline.totalFrames),
  }));
}

/** FFMETADATA1 text; `fileTitle` becomes the MP4's title tag. */
export function toFfmetadata(marks: readonly ChapterMark[], fileTitle?: string): string {
  const head = [
    ";FFMETADATA1",
    ...(fileTitle === undefined ? [] : [`title=${escapeMetadata(fileTitle)}`]),
  ];
  const chapters = marks.flatMap((mark) => [
    "",
    "[CHAPTER]",
    "TIMEBASE=1/1000",
    `START=${mark.startMs}`,
    `END=${mark.endMs}`,
    `title=${escapeMetadata(mark.title)}`,
  ]);
  return `${[...head, ...chapters].join("\n")}\n`;
}

/** The chapter's FFMETADATA in one call: scene marks, optional title mark, the file's title. */
export function chapterMetadata(
  timeline: ChapterTimeline,
  options: ChapterMarkOptions & { fileTitle?: string } = {},
): string {
  return toFfmetadata(chapterMarks(timeline, options), options.fileTitle);
}

/** FFMETADATA escapes `=`, `;`, `#`, `\` and newlines with a backslash (ffmpeg-formats(1)). */
export function escapeMetadata(value: string): string {
  return value.replace(/\r\n?/g, "\n").replace(/[=;#\\\n]/g, (character) => `\\${character}`);
}
