import type { LitinkConfig } from "../config/schema.js";

export interface ChapterTarget {
  /** Screen time aimed at, in minutes. */
  minutes: number;
  /** Spoken words that fill it (minutes × speaking rate; characters for CJK scripts). */
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
 * Languages written without spaces between words: ingestion counts their characters as
 * words, and speech runs at about 2.5 characters per English-word time.
 */
const CHARACTER_SCRIPTS = new Set(["ja", "zh", "th", "lo", "km", "my"]);
const CHARACTERS_PER_WORD = 2.5;

/** Speaking rate in the units ingestion counts for this language (words or characters). */
export function unitsPerMinute(
  settings: LitinkConfig["script"],
  language: string | null | undefined,
): number {
  const primary = language?.toLowerCase().split(/[-_]/)[0] ?? "";
  return settings.wordsPerMinute * (CHARACTER_SCRIPTS.has(primary) ? CHARACTERS_PER_WORD : 1);
}

/**
 * Default screen time is proportional to the chapter (`minutesPerThousandWords`) and capped
 * (`maxMinutes`); `--minutes` overrides both. Never more than the chapter itself: a script
 * longer than its source would have to invent text.
 */
export function chapterTarget(
  chapterWords: number,
  settings: LitinkConfig["script"],
  minutes?: number,
  language?: string | null,
): ChapterTarget {
  const words = Math.max(1, chapterWords);
  const rate = unitsPerMinute(settings, language);
  const wanted =
    minutes ?? Math.min(settings.maxMinutes, (words / 1000) * settings.minutesPerThousandWords);
  const spokenWords = Math.min(words, Math.max(20, Math.round(wanted * rate)));
  const exact = Math.min(1, spokenWords / words);
  const ratio = Math.min(1, Math.exp(Math.round(Math.log(exact) / GRID_STEP) * GRID_STEP));
  return { minutes: round2(spokenWords / rate), spokenWords, ratio };
}

/** Screen time of written lines at the speaking rate, in minutes. */
export function spokenMinutes(
  texts: readonly string[],
  settings: LitinkConfig["script"],
  language?: string | null,
): number {
  const rate = unitsPerMinute(settings, language);
  const characterScript = rate !== settings.wordsPerMinute;
  const units = texts.reduce(
    (sum, text) =>
      sum +
      (characterScript
        ? text.replace(/\s+/g, "").length
        : text.split(/\s+/).filter((word) => word !== "").length),
    0,
  );
  return round2(units / rate);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
