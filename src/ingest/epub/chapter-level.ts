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

const NUMBER_WORD =
  "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|the\\s+\\w+";
const PART_LABEL = new RegExp(
  `^(part|book|volume|vol\\.?|section|livre|partie|tome|teil|buch|band|libro|parte|tomo|часть|книга)\\s+([ivxlcdm]+\\b|\\d+|${NUMBER_WORD})`,
  "i",
);
const CHAPTER_LABEL =
  /^(chapter|chap\.|letter|canto|kapitel|chapitre|cap[ií]tulo|capitolo|глава)\s*[\divxlcdm]/i;
const NUMBERED =
  /(^|\s)([ivxlcdm]+|\d+)\b|^(chapter|letter)\b|^[\p{N}〇一二三四五六七八九十百千]+$/iu;

export function isPartLabel(label: string): boolean {
  return PART_LABEL.test(label.trim());
}

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
  const numbered = body.filter((entry) => NUMBERED.test(entry.label.trim())).length;
  // Among numbered chapters, an unnumbered leaf with no text of its own is a part's title page ("Phase the First").
  const marksPart = (entry: PlacedEntry) =>
    entry.children.length === 0 &&
    (isPartLabel(entry.label) ||
      (numbered * 2 > body.length &&
        entry.position !== null &&
        book.headingOnly.has(entry.position) &&
        !NUMBERED.test(entry.label.trim())));
  // A part page with an introduction of its own is named like the bare ones ("Phase the …").
  const markerWords = new Set(body.filter(marksPart).map((entry) => leadingWords(entry.label)));
  const partLeaves = body.filter(
    (entry) =>
      marksPart(entry) ||
      (entry.children.length === 0 &&
        !NUMBERED.test(entry.label.trim()) &&
        markerWords.has(leadingWords(entry.label))),
  );
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
      atEdge && !NUMBERED.test(entry.label.trim()) && numbered > body.length / 2 && part !== null;
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

/** The first two words: "Phase the", not just "The". */
function leadingWords(label: string): string {
  return label.trim().toLowerCase().split(/\s+/).slice(0, 2).join(" ");
}

function isContainer(entry: PlacedEntry, siblings: PlacedEntry[], total: number): boolean {
  if (isPartLabel(entry.label)) return true;
  if (siblings.some((sibling) => sibling !== entry && isPartLabel(sibling.label))) return true;
  if (entry.children.filter((child) => CHAPTER_LABEL.test(child.label.trim())).length >= 2)
    return true;
  if (countEntries(entry.children) * 2 >= total) return true;
  // A preface or appendix with sections keeps them: they are not chapters of the story.
  if (classifyLabel(entry.label) !== null) return false;
  // Uniform nesting (volumes of titled chapters) — but a numbered chapter with sections stays one unit.
  if (CHAPTER_LABEL.test(entry.label.trim()) || /^\d+(\.|\s)/.test(entry.label.trim()))
    return false;
  const bodySiblings = siblings.filter((sibling) => classifyLabel(sibling.label) === null);
  return (
    bodySiblings.filter((sibling) => sibling.children.length > 0).length * 2 > bodySiblings.length
  );
}
