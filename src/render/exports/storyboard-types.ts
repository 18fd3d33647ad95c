import type { Bible, Screenplay } from "../../script/schema.js";

/**
 * What `storyboard.html` is built from: only what the pipeline already holds once a book's
 * media are materialised (the bible, the screenplays, the relative media names, the ledger's
 * cost per scene). Every path is relative to the book folder that holds the page, so the
 * folder can be moved, zipped or opened from file:// and still work.
 */

/** An image file and its pixel size (the `width`/`height` attributes reserve its box). */
export interface StoryboardImage {
  /** Relative to the book folder, e.g. `media/ch01-sc01-sh01.png`. */
  path: string;
  width: number;
  height: number;
}

export interface StoryboardChapter {
  screenplay: Screenplay;
  /** The rendered chapter (`chapter-01-….mp4`), relative to the book folder; null: none yet. */
  video: string | null;
  /** Its subtitles beside it (`chapter-01-….srt` / `.vtt`); null: none. */
  subtitles: { srt: string | null; vtt: string | null };
}

/** Media by the screenplay's ids; an id without an entry shows as "not generated". */
export interface StoryboardMedia {
  /** Shot id → its still (`media/<shotId>.png`). */
  shots: ReadonlyMap<string, StoryboardImage>;
  /** Shot id → a provider's clip (`media/<shotId>.mp4`), linked under the still. */
  clips: ReadonlyMap<string, string>;
  /** Line id → its speech (`media/<lineId>.wav`, `.mp3`, …). */
  lines: ReadonlyMap<string, string>;
  /** Character id → portrait (`media/portrait-<characterId>.png`); the cast strip shows these. */
  portraits: ReadonlyMap<string, StoryboardImage>;
}

export interface StoryboardInput {
  book: { title: string; author: string | null };
  /** Names, roles and the look of the characters; `book.language` sets the page's `lang`. */
  bible: Bible;
  /** In reading order. */
  chapters: StoryboardChapter[];
  media: StoryboardMedia;
  /** Scene id → USD spent on it (from the ledger); a scene without an entry shows "—". */
  sceneCosts: ReadonlyMap<string, number>;
}

/** What `writeStoryboard` did: the page, and the referenced files it found missing (left out). */
export interface StoryboardWritten {
  path: string;
  missing: string[];
}
