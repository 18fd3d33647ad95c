import type { LitinkConfig } from "../config/schema.js";

export interface ChapterTarget {
  /** Screen time aimed at, in minutes. */
  minutes: number;
  /** Spoken words that fill it (minutes × speaking rate). */
  spokenWords: number;
  /**
   * Spoken words per source word, rounded to a geometric grid of ~5% steps. Each scene gets
   * this share of its own length, so a small edit elsewhere in the chapter does not move the
   * ratio and does not change the other scenes.
   */
  ratio: number;
}

const GRID_STEP = Math.log(1.05);

/**
 * Default screen time is proportional to the chapter (`minutesPerThousandWords`) and capped
 * (`maxMinutes`); `--minutes` overrides both.
 */
export function chapterTarget(
  chapterWords: number,
  settings: LitinkConfig["script"],
  minutes?: number,
): ChapterTarget {
  const words = Math.max(1, chapterWords);
  const wanted =
    minutes ?? Math.min(settings.maxMinutes, (words / 1000) * settings.minutesPerThousandWords);
  const spokenWords = Math.max(20, Math.round(wanted * settings.wordsPerMinute));
  const exact = Math.min(1, spokenWords / words);
  const ratio = Math.min(1, Math.exp(Math.round(Math.log(exact) / GRID_STEP) * GRID_STEP));
  return { minutes: spokenWords / settings.wordsPerMinute, spokenWords, ratio };
}
