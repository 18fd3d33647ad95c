import { isPartHeading, numberedLevel, storyLevel, unitKinds } from "../heading-kinds.js";
import { matchHeading } from "../heading-patterns.js";
import type { ParsedChapter } from "../types.js";
import type { Block } from "./html-blocks.js";

interface Heading {
  /** Index of the heading's first block. */
  index: number;
  /** Index of the first block after the heading (a two-paragraph heading spans two). */
  end: number;
  level: number;
  title: string;
}

/**
 * Chapters from Word heading styles. The chapter level is the heading level that carries
 * chapter numbers most often (unless a shallower level of mostly childless headings holds
 * stories cut into numbered sections), or else the level used most; shallower headings that
 * repeatedly group chapters are parts, deeper ones stay inside the chapter as text.
 * A number-only heading followed by a heading with the title ('CHAPTER I' + 'Down the
 * Rabbit-Hole') is one heading. Returns null when the styles outline no chapters.
 */
export function chaptersFromHeadings(
  blocks: readonly Block[],
  bookTitle: string | null,
): ParsedChapter[] | null {
  const headings = mergedHeadings(blocks);
  const level = chapterLevel(headings);
  if (level === null) return null;
  const partLevels = partLevelsAbove(headings, level);
  const boundaries = headings.filter(
    (heading) => heading.level === level || partLevels.has(heading.level) || heading.level < level,
  );
  const units = boundaries.filter((heading) => !partLevels.has(heading.level));
  const kinds = unitKinds(units.map((unit) => unit.title));
  const sameAsBook = (title: string) =>
    bookTitle !== null && simplify(title) === simplify(bookTitle);

  const chapters: ParsedChapter[] = [];
  const firstStart = boundaries[0]?.index ?? blocks.length;
  const opening = paragraphs(blocks, 0, firstStart);
  if (opening.length > 0)
    chapters.push({ title: "Front matter", part: null, kind: "front", text: opening.join("\n\n") });
  let part: string | null = null;
  boundaries.forEach((heading, position) => {
    const text = paragraphs(
      blocks,
      heading.end,
      boundaries[position + 1]?.index ?? blocks.length,
    ).join("\n\n");
    if (partLevels.has(heading.level)) {
      part = heading.title;
      if (text !== "") chapters.push({ title: heading.title, part: null, kind: "front", text });
      return;
    }
    const kind = sameAsBook(heading.title) ? "front" : (kinds[units.indexOf(heading)] ?? "body");
    if (kind !== "body" && text === "") return;
    const chapter: ParsedChapter = {
      title: heading.title,
      part: kind === "body" ? part : null,
      kind,
      text,
    };
    // A section heading right under the chapter heading ('I' in a story cut into sections)
    // stays in the text, but the chapter's opening words are the prose after it.
    let offset = 0;
    for (let index = heading.end; (blocks[index]?.level ?? 0) > heading.level; index++)
      offset += blocks[index]!.text.length + 2;
    if (offset > 0 && offset < text.length) chapter.bodyOffset = offset;
    chapters.push(chapter);
  });
  return chapters.some((chapter) => chapter.kind === "body") ? chapters : null;
}

function mergedHeadings(blocks: readonly Block[]): Heading[] {
  const headings: Heading[] = [];
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!;
    if (block.level === 0) continue;
    const next = blocks[index + 1];
    const numberOnly = matchHeading(block.text)?.numberOnly === true;
    if (numberOnly && next && next.level >= block.level && matchHeading(next.text) === null) {
      headings.push({
        index,
        end: index + 2,
        level: block.level,
        title: `${block.text} ${next.text}`,
      });
      index++;
    } else {
      headings.push({ index, end: index + 1, level: block.level, title: block.text });
    }
  }
  return headings;
}

function chapterLevel(headings: readonly Heading[]): number | null {
  const numbered = numberedLevel(headings);
  if (numbered !== null) return storyLevel(headings, numbered);
  const all = new Map<number, number>();
  for (const heading of headings) all.set(heading.level, (all.get(heading.level) ?? 0) + 1);
  let best: number | null = null;
  for (const [level, count] of all) {
    const bestCount = best === null ? 1 : (all.get(best) ?? 0);
    if (count > bestCount || (count === bestCount && best !== null && level < best)) best = level;
  }
  return best;
}

/** Shallower levels whose headings group chapters: BOOK/PART headings, or repeated groupers. */
function partLevelsAbove(headings: readonly Heading[], chapterLevel: number): Set<number> {
  const levels = new Set<number>();
  for (let level = 1; level < chapterLevel; level++) {
    const atLevel = headings.filter((heading) => heading.level === level);
    const grouping = atLevel.filter((heading) => {
      const position = headings.indexOf(heading);
      const following = headings.slice(position + 1).find((other) => other.level <= chapterLevel);
      return following?.level === chapterLevel;
    });
    if (atLevel.some((heading) => isPartHeading(heading.title)) || grouping.length >= 2)
      levels.add(level);
  }
  return levels;
}

function paragraphs(blocks: readonly Block[], from: number, to: number): string[] {
  return blocks.slice(from, to).map((block) => block.text);
}

function simplify(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}
