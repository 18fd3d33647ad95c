import { classifyTitle } from "../chapters.js";
import { matchHeading } from "../heading-patterns.js";
import type { ChapterKind, ParsedChapter } from "../types.js";

/**
 * Chapters of a Markdown book from its headings. The chapter level is the shallowest level
 * with at least two headings that are neither metadata ("## Author: …") nor front/back
 * matter; if those headings are parts ("# Part One") the next level down holds the chapters.
 * Deeper headings inside a chapter stay in its text as sub-headings; deeper headings before
 * any chapter ("## Einleitung." ahead of the first "# Erstes Kapitel.") are units of their own.
 */
export type RenderedBlock =
  | { type: "heading"; level: number; text: string }
  | { type: "paragraph"; text: string };

interface Section {
  title: string | null;
  part: string | null;
  kind: ChapterKind;
  /** Level of the heading that opened the section (Infinity for the untitled opening). */
  level: number;
  paragraphs: string[];
  /** How many leading paragraphs are sub-headings (skipped by the opening words). */
  leadingHeadings: number;
}

const METADATA =
  /^(title|author|authors|by|year|date|published|language|translator|illustrator|publisher|editor|isbn|edition|source|subject|genre)\s*:\s*(.*)$/i;

export function metadataHeading(text: string): { key: string; value: string } | null {
  const match = METADATA.exec(text);
  return match ? { key: (match[1] ?? "").toLowerCase(), value: (match[2] ?? "").trim() } : null;
}

export interface ChapterLevels {
  chapterLevel: number;
  partLevel: number | null;
  /** Numbered parts share the chapters' level ("## Part I" above "## Chapter 1 - …"). */
  inlineParts: boolean;
}

/** Headings that can hold chapters; null when there are too few to structure the book. */
export function chapterLevels(blocks: RenderedBlock[]): ChapterLevels | null {
  const counted = blocks.filter(
    (block): block is Extract<RenderedBlock, { type: "heading" }> =>
      block.type === "heading" &&
      block.text !== "" &&
      !metadataHeading(block.text) &&
      classifyTitle(block.text) === null,
  );
  const levels = [1, 2, 3, 4, 5, 6].filter(
    (level) => counted.filter((heading) => heading.level === level).length >= 2,
  );
  const top = levels[0];
  if (top === undefined) return null;
  const atTop = counted.filter((heading) => heading.level === top);
  const parts = atTop.filter((heading) => matchHeading(heading.text)?.level === "part").length;
  const deeper = levels[1];
  if (parts * 2 > atTop.length && deeper !== undefined)
    return { chapterLevel: deeper, partLevel: top, inlineParts: false };
  return { chapterLevel: top, partLevel: null, inlineParts: parts * 2 <= atTop.length };
}

export function chaptersFromBlocks(
  blocks: RenderedBlock[],
  { chapterLevel, partLevel, inlineParts }: ChapterLevels,
): ParsedChapter[] {
  const sections: Section[] = [];
  let current: Section = {
    title: null,
    part: null,
    kind: "front",
    level: Number.POSITIVE_INFINITY,
    paragraphs: [],
    leadingHeadings: 0,
  };
  let part: string | null = null;
  const start = (title: string, level: number, kind: ChapterKind) => {
    sections.push(current);
    current = { title, part, kind, level, paragraphs: [], leadingHeadings: 0 };
  };

  for (const block of blocks) {
    if (block.type === "paragraph") {
      current.paragraphs.push(block.text);
      continue;
    }
    if (block.text === "" || metadataHeading(block.text)) continue;
    const inlinePart = inlineParts && block.level === chapterLevel && isNumberedPart(block.text);
    if (block.level === partLevel || inlinePart) {
      part = block.text;
      start(block.text, block.level, "front");
    } else if (block.level <= chapterLevel || block.level <= current.level) {
      start(block.text, block.level, classifyTitle(block.text) ?? "body");
    } else {
      if (current.paragraphs.length === current.leadingHeadings) current.leadingHeadings++;
      current.paragraphs.push(block.text);
    }
  }
  sections.push(current);
  return sections.flatMap(toChapter);
}

/** "Part I", "BOOK TWO"; a bare "Epilogue" at the chapters' level stays a chapter. */
function isNumberedPart(text: string): boolean {
  const heading = matchHeading(text);
  return heading?.level === "part" && heading.number !== null;
}

function toChapter(section: Section): ParsedChapter[] {
  const paragraphs = [...section.paragraphs];
  let title = section.title;
  let leading = section.leadingHeadings;
  if (title === null) {
    const first = paragraphs[0];
    if (first !== undefined && first.split(" ").length <= 12) {
      title = paragraphs.shift() ?? null;
      leading = Math.max(0, leading - 1);
    }
    title ??= "Front matter";
  }
  if (paragraphs.length === 0 && section.kind !== "body") return [];
  const text = paragraphs.join("\n\n");
  const chapter: ParsedChapter = { title, part: section.part, kind: section.kind, text };
  if (leading > 0 && leading < paragraphs.length) {
    chapter.bodyOffset = paragraphs
      .slice(0, leading)
      .reduce((offset, paragraph) => offset + paragraph.length + 2, 0);
  }
  return [chapter];
}
