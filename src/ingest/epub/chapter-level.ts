import { isChapterLabel, isPartLabel } from "../heading-patterns.js";
import { numberValue, romanValue } from "../numerals.js";
import { classifyLabel } from "./matter.js";
import { countEntries } from "./toc-entry.js";
import type { PlacedEntry } from "./toc-placement.js";

/**
 * Which TOC level holds the chapters. Chapters are the leaves, with the enclosing entry as
 * their part, except where an entry's children are sub-divisions of one story (parts I, II,
 * III of a short story) rather than chapters. An entry with children is a container when
 *  - its label reads like a part (PART I, Book the Second, Volume 2, Section IV), or
 *  - it stands among siblings that read like parts (an EPILOGUE beside PART I … PART VI), or
 *  - its children read like chapters (CHAPTER I, Letter 2), or
 *  - it holds most of the table (a book-title entry wrapping everything), or
 *  - most of its siblings also have children (uniform nesting), unless it is itself a
 *    numbered chapter ("Chapter 3", "3. Methods") or front/back matter (a Preface) whose
 *    children are its sections.
 * In a flat TOC, part-like leaves mixed with other entries (PART I, CHAPTER I, …) are part
 * headings for the entries that follow them.
 */

export interface TocSegment {
  start: number;
  label: string;
  part: string | null;
  /** "part": a container's own heading (and any text before its first child). */
  role: "unit" | "part";
}

/**
 * A label that numbers its entry: "CHAPTER I", "Part 2", "3. Methods", "IV The Storm",
 * "Sonnet 18", "一". A numeral inside a title ("What I Saw", "The 39 Steps") does not count.
 */
function isNumbered(label: string): boolean {
  const text = label.trim();
  if (isChapterLabel(text) || isPartLabel(text) || CJK_NUMBER_ONLY.test(text)) return true;
  const leading = LEADING_NUMBER.exec(text);
  if (leading) {
    const [, token = "", after = ""] = leading;
    if (/^\d/.test(token)) return true;
    // A lone "I" before a word is the pronoun ("I Remember"); "I." and "IV The Storm" are numerals.
    const numeral = after !== " " || (token.length > 1 && token === token.toUpperCase());
    if (numeral && romanValue(token) !== null) return true;
  }
  // "Sonnet 18", "Henry V" — but "Who Am I" ends in the pronoun.
  const trailing = TRAILING_NUMBER.exec(text)?.[1];
  if (trailing === undefined || trailing === "I") return false;
  return /^\d/.test(trailing) || romanValue(trailing) !== null;
}

const LEADING_NUMBER = /^(\d+|[ivxlcdm]+)($|[.:)\]—–-]|\s)/i;
const TRAILING_NUMBER = /\s(\d+|[IVXLCDM]+)\.?$/;
const CJK_NUMBER_ONLY = /^[\p{N}〇一二三四五六七八九十百千]+$/u;

/** `headingOnly`: positions of entries with no text of their own (see headingOnlyTargets). */
export function segmentsFromToc(
  entries: PlacedEntry[],
  headingOnly: ReadonlySet<number> = new Set(),
): TocSegment[] {
  const segments: TocSegment[] = [];
  const total = countEntries(entries);
  walk(entries, null, segments, { total, headingOnly });
  return segments;
}

function walk(
  entries: PlacedEntry[],
  part: string | null,
  segments: TocSegment[],
  book: { total: number; headingOnly: ReadonlySet<number> },
): void {
  const body = entries.filter((entry) => classifyLabel(entry.label) === null);
  const numbered = body.filter((entry) => isNumbered(entry.label)).length;
  const partLeaves = partPages(body, numbered, book.headingOnly);
  const markersInUse = partLeaves.length > 0 && partLeaves.length < body.length;
  let current = part;
  entries.forEach((entry, index) => {
    const emit = (role: TocSegment["role"], partOf: string | null) => {
      if (entry.position !== null)
        segments.push({ start: entry.position, label: entry.label, part: partOf, role });
    };
    if (entry.children.length > 0 && isContainer(entry, entries, book.total)) {
      emit("part", current);
      walk(entry.children, entry.label, segments, book);
      current = part;
      return;
    }
    if (markersInUse && partLeaves.includes(entry)) {
      emit("part", part);
      current = entry.label;
      return;
    }
    // A PRELUDE or FINALE among numbered chapters frames the whole book, not its part.
    const atEdge = index === 0 || index === entries.length - 1;
    const framing =
      atEdge && !isNumbered(entry.label) && numbered > body.length / 2 && part !== null;
    // Matter listed among chapters (THE END after the last part) belongs to no part.
    emit("unit", framing || classifyLabel(entry.label) !== null ? null : current);
    // Matter nested under a chapter (THE END under FINALE) is split off; other children are sub-divisions.
    for (const child of entry.children) {
      if (classifyLabel(child.label) !== null && child.position !== null) {
        segments.push({ start: child.position, label: child.label, part: null, role: "unit" });
      }
    }
  });
}

/**
 * Leaves of a flat TOC that are part headings: PART I, Book the Second… Among numbered
 * chapters, unnumbered leaves with no text of their own are part title pages too ("Phase the
 * Second"), with the pages named in the same series that do have text ("Phase the First: The
 * Maiden" and its introduction). Those count only when there are at least two: one text-less
 * page among numbered chapters is as likely a map or an interlude, and titles that merely begin
 * alike ("In the Dark", "In the Light") are no series.
 */
function partPages(
  body: PlacedEntry[],
  numbered: number,
  headingOnly: ReadonlySet<number>,
): PlacedEntry[] {
  const leaves = body.filter((entry) => entry.children.length === 0);
  const bare = leaves.filter(
    (entry) =>
      numbered * 2 > body.length &&
      entry.position !== null &&
      headingOnly.has(entry.position) &&
      !isNumbered(entry.label),
  );
  const series = new Set(bare.map((entry) => seriesName(entry.label)));
  series.delete(null);
  const titled = leaves.filter(
    (entry) =>
      bare.includes(entry) || (!isNumbered(entry.label) && series.has(seriesName(entry.label))),
  );
  return leaves.filter(
    (entry) => isPartLabel(entry.label) || (titled.length >= 2 && titled.includes(entry)),
  );
}

/** The series a part page belongs to: "phase" for "Phase the First: The Maiden", "fit" for "Fit 2". */
function seriesName(label: string): string | null {
  const match = SERIES_LABEL.exec(label.trim());
  const name = match?.[1]?.toLowerCase();
  if (!name || FUNCTION_WORDS.has(name)) return null;
  return numberValue(match?.[2] ?? "") !== null ? name : null;
}

const SERIES_LABEL = /^(\p{L}+)\s+(?:the\s+)?([\p{L}\d-]+)/iu;
/** "The First Day", "In the Second Place": a title, not a series name and a number. */
const FUNCTION_WORDS = new Set(
  "the a an in on of at to by for from and or my our his her their its".split(" "),
);

function isContainer(entry: PlacedEntry, siblings: PlacedEntry[], total: number): boolean {
  if (isPartLabel(entry.label)) return true;
  if (siblings.some((sibling) => sibling !== entry && isPartLabel(sibling.label))) return true;
  if (entry.children.filter((child) => isChapterLabel(child.label)).length >= 2) return true;
  if (countEntries(entry.children) * 2 >= total) return true;
  // A preface or appendix with sections keeps them: they are not chapters of the story.
  if (classifyLabel(entry.label) !== null) return false;
  // Uniform nesting (volumes of titled chapters) — but a numbered chapter with sections stays one unit.
  if (isChapterLabel(entry.label) || /^\d+(\.|\s)/.test(entry.label.trim())) return false;
  const bodySiblings = siblings.filter((sibling) => classifyLabel(sibling.label) === null);
  return (
    bodySiblings.filter((sibling) => sibling.children.length > 0).length * 2 > bodySiblings.length
  );
}
