import type { Motion } from "../providers/local/ken-burns-motion.js";

/**
 * The render's one source of truth (issue 7): a chapter planned in whole frames and samples
 * before ffmpeg runs. The video and audio graphs, the subtitles, the chapter marks, the OTIO
 * timeline and the tests all read the same plan, so they cannot disagree.
 */

/** Frame size and encoding from `--aspect` and `--quality` (DESIGN.md §7 render profiles). */
export interface RenderProfile {
  quality: "draft" | "standard";
  width: number;
  height: number;
  fps: number;
  /** Audio sample rate of every intermediate and of the MP4 (48 kHz). */
  sampleRate: number;
  /** x264 preset and CRF. */
  preset: string;
  crf: number;
  audioBitrate: string;
  /** Ken Burns: the still is scaled ×N before zoompan (2 is smooth; 1 is faster, for drafts). */
  kenBurnsScale: 1 | 2;
  /** Seconds of the title card at the chapter's start. */
  titleSeconds: number;
  /** Seconds of the transition at each scene boundary (starts at the later scene's start). */
  transitionSeconds: number;
  /** Silence between two lines of one shot, and the tail after a shot's last line. */
  gapSeconds: number;
  tailSeconds: number;
  /** A shot lasts at least this long, even when silent. */
  minShotSeconds: number;
}

/** A word's time inside its line's audio, in seconds from the line's start. */
export interface WordTiming {
  word: string;
  start: number;
  end: number;
}

/** What a shot shows: a provider's clip, or a still the render moves (Ken Burns). */
export type ShotVisual =
  | { kind: "clip"; path: string; seconds: number | null }
  | { kind: "still"; path: string; motion: Motion };

/** What the planner is given per shot: its visual and its lines with their measured audio. */
export interface TimelineInput {
  chapter: number;
  title: string;
  profile: RenderProfile;
  scenes: Array<{
    id: string;
    heading: string;
    shots: Array<{
      id: string;
      visual: ShotVisual;
      lines: Array<{
        id: string;
        speaker: string;
        text: string;
        /** Absolute path of the line's audio file. */
        audio: string;
        /** Measured (probed or provider-given) length of the audio, in seconds. */
        duration: number;
        words: WordTiming[];
      }>;
    }>;
  }>;
}

/** Times are in seconds from the chapter's start, derived from whole frames / samples. */
export interface PlannedLine {
  id: string;
  speaker: string;
  text: string;
  audio: string;
  startSample: number;
  /** The audio's own length in samples (never cut); the next line starts after it + a gap. */
  samples: number;
  start: number;
  duration: number;
  words: WordTiming[];
}

export interface PlannedShot {
  id: string;
  visual: ShotVisual;
  startFrame: number;
  frames: number;
  start: number;
  duration: number;
  lines: PlannedLine[];
}

export interface PlannedScene {
  id: string;
  heading: string;
  startFrame: number;
  frames: number;
  start: number;
  duration: number;
  shots: PlannedShot[];
}

export interface ChapterTimeline {
  chapter: number;
  title: string;
  profile: RenderProfile;
  /** The title card: frames 0 … titleFrames-1. */
  titleFrames: number;
  /** Frames of each scene-boundary transition (they take no extra time: total = Σ parts). */
  transitionFrames: number;
  scenes: PlannedScene[];
  totalFrames: number;
  totalSamples: number;
  /** totalFrames / fps. */
  duration: number;
}
