import { classifyTitle } from "../chapters.js";
import { isFrameHeading, isNumberedChapter, isPartHeading } from "../heading-kinds.js";
import { chaptersFromParagraphs } from "../text/paragraph-chapters.js";
import type { ParsedChapter } from "../types.js";
import { type ParagraphOptions, paragraphsFromLines } from "./paragraphs.js";
import { printedHeading } from "./printed-heading.js";
import { type Boundary, chaptersFromBoundaries, frontMatterBoundary } from "./sections.js";
import { isHeadingLine, type TextLine } from "./text-line.js";

/**
 * Chapters of a PDF without bookmarks. Large-type headings with a chapter number come
 * first ('Chapter 3', 'CHAPTER THREE'); when the type gives nothing, the paragraphs go
 * through the same text rules as a plain-text book.
 */
export function chaptersWithoutOutline(
  lines: readonly TextLine[],
  options: ParagraphOptions,
  language: string | null,
): { chapters: ParsedChapter[]; title: string | null; author: string | null } {
  const boundaries = typesetBoundaries(lines, options.bodySize);
  if (boundaries.filter((boundary) => boundary.kind === "body").length >= 2) {
    const front = frontMatterBoundary(lines, boundaries[0]?.start ?? 0, options.bodySize, null);
    const all = front ? [front, ...boundaries] : boundaries;
    return { chapters: chaptersFromBoundaries(lines, all, options), title: null, author: null };
  }
  return chaptersFromParagraphs(paragraphsFromLines(lines, options), { language });
}

function typesetBoundaries(lines: readonly TextLine[], bodySize: number): Boundary[] {
  const boundaries: Boundary[] = [];
  let part: string | null = null;
  for (let index = 0; index < lines.length; index++) {
    if (!isHeadingLine(lines[index]!, bodySize)) continue;
    const heading = printedHeading(lines, index, bodySize, null);
    const title = heading.text;
    if (
      isPartHeading(title) &&
      (!isFrameHeading(title) || opensChapter(lines, heading.end, bodySize))
    ) {
      part = title;
      boundaries.push({
        start: index,
        bodyStart: heading.end,
        title,
        part: null,
        kind: "front",
        onlyWithText: true,
      });
    } else if (isNumberedChapter(title) || isFrameHeading(title)) {
      boundaries.push({ start: index, bodyStart: heading.end, title, part, kind: "body" });
    } else {
      const kind = classifyTitle(title);
      if (kind) boundaries.push({ start: index, bodyStart: heading.end, title, part: null, kind });
    }
    index = heading.end - 1;
  }
  return boundaries;
}

/**
 * Whether a numbered chapter heading follows at once: an 'EPILOGUE' printed right above
 * 'I' holds chapters like a part, while one followed by prose is a chapter itself.
 */
function opensChapter(lines: readonly TextLine[], index: number, bodySize: number): boolean {
  const line = lines[index];
  return (
    line !== undefined &&
    isHeadingLine(line, bodySize) &&
    isNumberedChapter(printedHeading(lines, index, bodySize, null).text)
  );
}
