import { classifyTitle } from "../chapters.js";
import { type HeadingMatch, matchHeading } from "../heading-patterns.js";
import { dropContents } from "./contents-runs.js";
import { headingsFromContents } from "./contents-titles.js";
import { headingInIllustration, illustrationCaption, isEndMarker } from "./illustrations.js";
import { countingUp, dropRepeatedParts } from "./numbered-sequence.js";

/**
 * Decides which heading-like paragraphs are real headings: drops tables of contents (headings
 * with no text under them), prefers worded headings ("CHAPTER IV") to bare numerals ("IV"),
 * keeps bare numerals only when they count up from one, and joins a number-only heading
 * with the title printed on the next line.
 */
export interface Heading {
  /** Index of the heading's first paragraph. */
  index: number;
  level: "chapter" | "part";
  title: string;
  /** Paragraphs the heading occupies (2 when a title line was joined to it). */
  span: number;
}

export interface Candidate extends HeadingMatch {
  index: number;
  fromIllustration: boolean;
}

export function findHeadings(paragraphs: string[]): Heading[] {
  const all = collectCandidates(paragraphs);
  const strong = dropContents(
    all.filter((candidate) => candidate.strength === "strong"),
    paragraphs,
    all,
  );
  const hasStrongChapters = strong.some((candidate) => candidate.level === "chapter");
  let chosen = hasStrongChapters ? strong : countingUp(dropContents(all, paragraphs, all));
  if (!chosen.some((candidate) => candidate.level === "chapter")) {
    const listed = headingsFromContents(paragraphs);
    if (listed.length > 0) chosen = listed;
  }
  return dropRepeatedParts(chosen).map((candidate) => withTitleLine(candidate, paragraphs));
}

function collectCandidates(paragraphs: string[]): Candidate[] {
  const candidates: Candidate[] = [];
  paragraphs.forEach((paragraph, index) => {
    if (paragraph.length > 500) return;
    const direct = matchHeading(paragraph);
    if (direct) {
      candidates.push({ ...direct, index, fromIllustration: false });
      return;
    }
    const illustrated = headingInIllustration(paragraph);
    if (illustrated) candidates.push({ ...illustrated, index, fromIllustration: true });
  });
  return candidates;
}

function withTitleLine(candidate: Candidate, paragraphs: string[]): Heading {
  const title = candidate.fromIllustration ? trailingHeading(candidate) : candidate.title;
  const next = paragraphs[candidate.index + 1];
  const joinable =
    candidate.level === "chapter" && candidate.numberOnly && !candidate.fromIllustration;
  if (
    joinable &&
    next !== undefined &&
    candidate.index + 2 < paragraphs.length &&
    isTitleLine(next)
  ) {
    return { index: candidate.index, level: candidate.level, title: `${title} ${next}`, span: 2 };
  }
  return { index: candidate.index, level: candidate.level, title, span: 1 };
}

function trailingHeading(candidate: Candidate): string {
  return candidate.title.replace(/\]$/, "").trim();
}

/** A short capitalised line with no closing full stop: a chapter title, not prose. */
export function isTitleLine(paragraph: string): boolean {
  const text = paragraph.trim();
  const words = text.split(/\s+/);
  if (words.length > 12 || text.length > 100) return false;
  if (/[.,;:]$/.test(text) || !/^["“‘'(]?[\p{Lu}\d]/u.test(text)) return false;
  if (
    matchHeading(text) ||
    illustrationCaption(text) !== null ||
    isEndMarker(text) ||
    classifyTitle(text)
  )
    return false;
  const significant = words.filter((word) => {
    const letters = word.replace(/\P{L}/gu, "");
    return letters.length > 3 && !TITLE_SMALL_WORDS.has(letters.toLowerCase());
  });
  return significant.every((word) => /^[^\p{L}]*\p{Lu}/u.test(word));
}

/** Longer function words that title case leaves in lower case ("Advice from a Caterpillar"). */
const TITLE_SMALL_WORDS = new Set([
  "from",
  "with",
  "into",
  "onto",
  "upon",
  "unto",
  "over",
  "than",
  "that",
  "till",
  "when",
  "about",
  "after",
  "under",
  "among",
]);
