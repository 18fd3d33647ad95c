import type { Book, Chapter } from "../model/book.js";
import type { Bible, Character, Location, Screenplay } from "./schema.js";
import type { ChapterTarget } from "./target.js";

/**
 * The contract between `litink script` (src/script/run.ts) and the two writers: the offline
 * extractive one (src/script/extractive/) and the LLM one (src/script/llm/). Both see the
 * book, the bible and passages retrieved from the book's index; both return the same shapes.
 */

/** A body chapter: `index` is its number (1-based). */
export type BodyChapter = Chapter & { index: number };

export interface Passage {
  chapterIndex: number | null;
  text: string;
}

/** Retrieval over the book's RAG index (hybrid vector + keyword). */
export type PassageLookup = (
  query: string,
  options?: { k?: number; before?: number },
) => Promise<Passage[]>;

/** A character as found in the text, before ids, voices and looks are assigned. */
export interface CharacterDraft {
  name: string;
  aliases: string[];
  role: Character["role"];
  description: string;
  personality: string;
  gender: Character["gender"];
  age: Character["age"];
  mentions: number;
  firstChapter: number | null;
}

export type LocationDraft = Omit<Location, "id">;

export interface BibleDraft {
  characters: CharacterDraft[];
  locations: LocationDraft[];
  style: Bible["style"];
  writer: string;
}

/** A name found by the offline finder over the whole book (input to both writers). */
export interface CharacterCandidate {
  name: string;
  aliases: string[];
  mentions: number;
  /** Quoted lines attributed to the name. */
  speaking: number;
  firstChapter: number | null;
  gender: Character["gender"];
  age: Character["age"];
}

export interface AdaptInput {
  book: Book;
  chapter: BodyChapter;
  /** Body chapters in the book (for the `NN` width and context). */
  bodyChapters: number;
  bible: Bible;
  target: ChapterTarget;
  /** Retrieval limited by the caller to earlier chapters where it matters. */
  passages: PassageLookup;
  signal?: AbortSignal;
}

export interface AdaptResult {
  screenplay: Screenplay;
  /**
   * Speakers the chapter needs that the bible lacks. `id` is the provisional id the screenplay
   * uses for them (unique within the chapter); the caller appends them to the bible and
   * rewrites those ids to the bible's before writing anything.
   */
  newCharacters: Array<CharacterDraft & { id: string }>;
  /** The LLM writer's sections: how many, and how many came from its cache (no call). */
  sections?: { total: number; reused: number };
}

export interface ScriptWriter {
  /** `extractive`, or the text chain's refs. */
  readonly name: string;
  /**
   * Changes whenever the same input would be adapted differently (algorithm, templates,
   * settings): a screenplay written by another version is stale.
   */
  readonly version: string;
  draftBible(input: {
    book: Book;
    candidates: CharacterCandidate[];
    passages: PassageLookup;
    signal?: AbortSignal;
  }): Promise<BibleDraft>;
  adaptChapter(input: AdaptInput): Promise<AdaptResult>;
}
