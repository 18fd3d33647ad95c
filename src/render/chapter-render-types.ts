import type { ChapterTimeline } from "./timeline-types.js";

/**
 * The chapter render's contract (issue 7): one ffmpeg encode per chapter from the planned
 * timeline (stills moved in the graph, provider clips decoded once), speech sequenced into one
 * normalised track, soft subtitles, chapter marks per scene. The pipeline builds the timeline
 * from its media outputs and calls `renderChapter` (src/render/chapter.ts).
 */
export interface ChapterRenderRequest {
  timeline: ChapterTimeline;
  /** Absolute paths; each is written through a temp file and renamed when complete. */
  output: { mp4: string; srt: string; vtt: string };
  /** Text on the title card (the chapter's title; the book's title under it). */
  titleCard: { title: string; subtitle: string | null };
  /** Burn the subtitles into the picture as well as the soft track (`--burn-subtitles`). */
  burnSubtitles: boolean;
  /** A music bed ducked under speech (`--music FILE`), or null. */
  music: string | null;
  /** ffmpeg and ffprobe binaries (src/render/ffmpeg/locate.ts requireTool). */
  ffmpeg: string;
  ffprobe: string;
  signal?: AbortSignal;
  /** 0…1 across the whole render (audio passes and the encode). */
  onProgress?: (fraction: number) => void;
  /** Where temp folders go (default: the OS temp folder); always removed afterwards. */
  tempParent?: string;
}

export interface ChapterRenderResult {
  files: { mp4: string; srt: string; vtt: string };
  /** Measured on the written MP4 (ebur128). */
  loudness: { integrated: number; truePeak: number | null; normalization: string | null };
  /** Which transition the build allowed. */
  transitions: "xfade" | "fade-through-black";
  /** The planned duration (timeline.duration), and the video stream's measured one. */
  plannedSeconds: number;
  measuredSeconds: number;
  /** Wall time of the render, for report.json timings. */
  ms: number;
  /** Things the user should know (e.g. title characters no installed font covers). */
  warnings?: Array<{ message: string }>;
}
