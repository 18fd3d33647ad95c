import type { emotions } from "../script/schema.js";
import { chapterNumber } from "../script/slug.js";
import type { TaskKind } from "./graph.js";

type Emotion = (typeof emotions)[number];

/**
 * The planner's numbers, as data: task versions (part of every cache key), frame sizes, and
 * the rough durations the estimate and the critical path use. Durations are guesses from
 * measured runs and provider docs, not promises: they order work and size an ETA.
 */

/** Bump a kind's version when its executor would make something else from the same params. */
export const TASK_VERSIONS: Readonly<Record<TaskKind, number>> = {
  ingest: 1,
  index: 1,
  bible: 1,
  portrait: 1,
  adapt: 1,
  image: 1,
  speech: 1,
  clip: 1,
  render: 1,
  exports: 1,
};

/** `adapt:chNN`, NN as in `chapter-NN` (DESIGN.md §1). */
export function adaptId(chapter: number, bodyChapters: number): string {
  return `adapt:ch${chapterNumber(chapter, bodyChapters)}`;
}

/** `render:chNN`, the chapter's video (DESIGN.md §7). */
export function renderId(chapter: number, bodyChapters: number): string {
  return `render:ch${chapterNumber(chapter, bodyChapters)}`;
}

/** The book's one storyboard.html + timeline.otio task. */
export const EXPORTS_ID = "exports";

export type Aspect = "16:9" | "9:16" | "1:1";
export type Quality = "draft" | "standard";

/** DESIGN.md §7 render profiles: people get 720p-class frames, drafts a quarter of the pixels. */
export const FRAME_SIZES: Readonly<
  Record<Quality, Readonly<Record<Aspect, { width: number; height: number }>>>
> = {
  standard: {
    "16:9": { width: 1280, height: 720 },
    "9:16": { width: 720, height: 1280 },
    "1:1": { width: 1080, height: 1080 },
  },
  draft: {
    "16:9": { width: 640, height: 360 },
    "9:16": { width: 360, height: 640 },
    "1:1": { width: 540, height: 540 },
  },
};

export const PORTRAIT_SIDE: Readonly<Record<Quality, number>> = { standard: 768, draft: 384 };
export const CLIP_FPS: Readonly<Record<Quality, number>> = { standard: 25, draft: 12 };
/** Pause between two lines over one shot, in seconds (the clip executor adds it). */
export const GAP_SECONDS = 0.35;
/** A shot nobody speaks over still holds the screen this long. */
export const SILENT_SHOT_SECONDS = 3;

export const NEGATIVE_PROMPT =
  "text, letters, watermark, signature, logo, blurry, low quality, deformed hands, extra limbs, duplicate faces";

/** Token estimates for LLM tasks: English prose runs about 1.4 tokens per word. */
export const TOKENS_PER_WORD = 1.4;
/** The bible writer reads candidates and passages, not the whole book: capped input. */
export const BIBLE_INPUT_WORDS = 20_000;
export const BIBLE_OUTPUT_TOKENS = 3_000;

/** Projection of a chapter not adapted yet (DESIGN.md §4 `estimate`). */
export const PROJECTED_WORDS_PER_LINE = 12;
export const PROJECTED_LINES_PER_SHOT = 3;
/** Characters per spoken word including the space, for speech pricing of projected lines. */
export const CHARACTERS_PER_WORD = 6;

/**
 * Seconds per task by kind and provider (the chain's first provider; `local` when the task
 * calls none). Functions of the task's size where the work scales with it.
 */
export const TASK_SECONDS = {
  ingest: 1,
  /** Local hashed embedder over the selected chapters: per 1,000 words. */
  indexPerThousandWords: 0.2,
  bibleLocal: 1,
  bibleLlm: 30,
  /** LLM adapt: ~30 s per 2,500-word section; the extractive writer is near-instant. */
  adaptLlmPerSection: 30,
  adaptSectionWords: 2_500,
  adaptLocalPerThousandWords: 0.1,
  imageLocal: 0.3,
  imageRemote: 15,
  speechLocalPerTenWords: 0.1,
  speechRemote: 1.5,
  clipLocalPerClipSecond: 0.3,
  clipRemote: 90,
  /** One encode per chapter on this machine's cores: per second of video, by quality. */
  renderPerVideoSecondStandard: 0.7,
  renderPerVideoSecondDraft: 0.1,
  exports: 0.5,
} as const;

/** Tasks in flight at once per provider and modality, for the estimate's wall time. */
export const DEFAULT_CONCURRENCY = { remote: 4, local: 2 } as const;

export function concurrencyOf(provider: string): number {
  return provider === "local" ? DEFAULT_CONCURRENCY.local : DEFAULT_CONCURRENCY.remote;
}

/**
 * ElevenLabs-style voice settings per emotion: lively emotions lower stability and raise
 * style, quiet ones do the reverse. Local voices read what they understand (speed).
 */
export const VOICE_SETTINGS: Readonly<
  Record<Emotion, { stability: number; similarityBoost: number; style: number; speed: number }>
> = {
  neutral: { stability: 0.5, similarityBoost: 0.75, style: 0, speed: 1 },
  happy: { stability: 0.4, similarityBoost: 0.75, style: 0.35, speed: 1.03 },
  excited: { stability: 0.3, similarityBoost: 0.75, style: 0.6, speed: 1.08 },
  tender: { stability: 0.6, similarityBoost: 0.8, style: 0.25, speed: 0.95 },
  sad: { stability: 0.55, similarityBoost: 0.8, style: 0.3, speed: 0.92 },
  angry: { stability: 0.3, similarityBoost: 0.75, style: 0.65, speed: 1.05 },
  fearful: { stability: 0.35, similarityBoost: 0.75, style: 0.45, speed: 1.05 },
  surprised: { stability: 0.35, similarityBoost: 0.75, style: 0.5, speed: 1.04 },
  curious: { stability: 0.45, similarityBoost: 0.75, style: 0.25, speed: 1 },
  sarcastic: { stability: 0.4, similarityBoost: 0.75, style: 0.45, speed: 0.98 },
  whispering: { stability: 0.7, similarityBoost: 0.85, style: 0.1, speed: 0.9 },
};
