import { createHash } from "node:crypto";
import type { Cast } from "./cast.js";
import {
  type ScreenplayDraft,
  screenplayDraftIssues,
  screenplayDraftSchema,
} from "./draft-schemas.js";
import { compactBible } from "./prompt-values.js";
import type { PromptTemplate } from "./templates.js";
import { WRITER_VERSION } from "./version.js";

/**
 * Where each section's validated reply is kept, by content, so an edited paragraph pays for
 * its own section only and a run killed in a long chapter repays none of the sections it
 * finished. `TaskCache` (src/pipeline/cache.ts, the `task_cache` table) fits this shape; the
 * writer is given one by its setup and caches nothing without it.
 */
export interface SectionCache {
  getValue(key: string): unknown;
  putValue(key: string, entry: SectionRecord): void;
}

export interface SectionRecord {
  kind: typeof SECTION_KIND;
  /** What made it, for people reading the table: `adapt-section:ch03`. */
  taskId: string;
  parts: {
    kind: string;
    taskVersion: number;
    models: string[];
    params: { [key: string]: string | number };
    inputKeys: string[];
  };
  value: StoredSection;
  provider: string | null;
  model: string | null;
  costUsd: number;
}

export const SECTION_KIND = "adapt-section";

/** The reply as validated, before ids are assigned, and the link that gave it. */
export interface StoredSection {
  draft: ScreenplayDraft;
  ref: string;
}

export interface SectionKeyInput {
  screenplay: PromptTemplate;
  repair: PromptTemplate;
  /** `bookValues(book)`: title, author, language. */
  book: Record<string, string>;
  chapter: { index: number; title: string };
  text: string;
  cast: Cast;
  targetWords: number;
  targetMinutes: string;
}

/**
 * sha256 of what decides the section's answer: the code's version, the screenplay and repair
 * templates, the book's and chapter's names, the section's text and share of the target, and
 * the cast it is offered. Left out on purpose: the summaries of the sections before it and the
 * passages from earlier chapters (hints that change whenever anything earlier changes, which
 * would repay every later section), the section's number, and the models (a stored answer is
 * used while the link that gave it is still in the chain, as `staleReason` keeps a
 * screenplay). Also left out: characters adaptation added to the bible (no mentions counted,
 * a first chapter set): which of them exist depends on which chapter finished first, and on
 * whether this very chapter was adapted before a kill; a stored `new:k` speaker whose name
 * the bible now knows still maps to the bible's id (new-speakers.ts).
 */
export function sectionKey(input: SectionKeyInput): string {
  const stableCast = {
    characters: input.cast.characters.filter(
      (character) => !(character.mentions === 0 && character.firstChapter !== null),
    ),
    locations: input.cast.locations,
  };
  return sha256(
    JSON.stringify([
      SECTION_KIND,
      WRITER_VERSION,
      sha256(input.screenplay.text),
      sha256(input.repair.text),
      input.book,
      input.chapter,
      input.text,
      compactBible(stableCast),
      input.targetWords,
      input.targetMinutes,
    ]),
  );
}

/**
 * The stored answer under `key` when it is still usable: given by a link of the current chain
 * and valid against the cast as it is now (an id the bible lost, say, makes it a miss).
 */
export function storedSection(
  cache: SectionCache | undefined,
  key: string,
  cast: Cast,
  refs: readonly string[],
): StoredSection | null {
  const stored = cache?.getValue(key) as Partial<StoredSection> | null | undefined;
  if (!stored || typeof stored.ref !== "string" || !refs.includes(stored.ref)) return null;
  const parsed = screenplayDraftSchema(cast).safeParse(stored.draft);
  if (!parsed.success || screenplayDraftIssues(parsed.data, cast).length > 0) return null;
  return { draft: parsed.data, ref: stored.ref };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
