import { classifyTitle } from "../chapters.js";
import type { ChapterKind, ParsedChapter } from "../types.js";
import { type ParagraphOptions, paragraphsFromLines } from "./paragraphs.js";
import { printedHeading } from "./printed-heading.js";
import { isHeadingLine, type TextLine } from "./text-line.js";

/** Where a chapter (or a part page, or front matter) begins in the document's line list. */
export interface Boundary {
  /** Index of the first line, heading included. */
  start: number;
  /** Index of the first line after the heading. */
  bodyStart: number;
  title: string;
  part: string | null;
  kind: ChapterKind;
  /** Part pages are boundaries too, but only become chapters when they carry prose. */
  onlyWithText?: boolean;
}

/**
 * Cuts the document's lines at the boundaries (sorted by position) and turns each stretch
 * into a chapter. A large-type back-matter heading inside a stretch ('THE END', 'Notes')
 * starts a back-matter chapter of its own.
 */
export function chaptersFromBoundaries(
  lines: readonly TextLine[],
  boundaries: readonly Boundary[],
  options: ParagraphOptions,
): ParsedChapter[] {
  const ordered = [...boundaries].sort((a, b) => a.start - b.start);
  const chapters: ParsedChapter[] = [];
  ordered.forEach((boundary, index) => {
    const end = Math.max(boundary.bodyStart, ordered[index + 1]?.start ?? lines.length);
    const backAt = findBackMatter(lines, boundary.bodyStart, end, options.bodySize);
    const proseAt = afterSubHeadings(lines, boundary.bodyStart, backAt ?? end, options.bodySize);
    const subHeadings = paragraphsFromLines(lines.slice(boundary.bodyStart, proseAt), options);
    const prose = paragraphsFromLines(lines.slice(proseAt, backAt ?? end), options);
    const text = [...subHeadings, ...prose].join("\n\n");
    if (!(boundary.onlyWithText && text === "")) {
      const chapter: ParsedChapter = { ...boundaryFields(boundary), text };
      if (subHeadings.length > 0 && prose.length > 0)
        chapter.bodyOffset = subHeadings.join("\n\n").length + 2;
      chapters.push(chapter);
    }
    if (backAt !== null) {
      const heading = printedHeading(lines, backAt, options.bodySize, null);
      const backText = paragraphsFromLines(lines.slice(heading.end, end), options).join("\n\n");
      chapters.push({ title: heading.text, part: null, kind: "back", text: backText });
    }
  });
  return chapters;
}

function boundaryFields(boundary: Boundary): Omit<ParsedChapter, "text"> {
  return { title: boundary.title, part: boundary.part, kind: boundary.kind };
}

/**
 * Large type left under a chapter heading is a section heading ('I' in a story cut into
 * sections): it stays in the text, but the prose starts after it. A drop cap is large type
 * too, but the lines beside it start right of it.
 */
function afterSubHeadings(
  lines: readonly TextLine[],
  from: number,
  to: number,
  bodySize: number,
): number {
  let index = from;
  while (index < to && isHeadingLine(lines[index]!, bodySize)) {
    const line = lines[index]!;
    const next = lines[index + 1];
    if (next && next.page === line.page && next.x >= line.right - bodySize * 0.2) return from;
    index++;
  }
  return index;
}

function findBackMatter(
  lines: readonly TextLine[],
  from: number,
  to: number,
  bodySize: number,
): number | null {
  for (let index = from; index < to; index++) {
    const line = lines[index]!;
    if (
      isHeadingLine(line, bodySize) &&
      classifyTitle(printedHeading(lines, index, bodySize, null).text) === "back"
    ) {
      return index;
    }
  }
  return null;
}

/** Text before the first boundary (title page, contents, epigraph) as one front-matter chapter. */
export function frontMatterBoundary(
  lines: readonly TextLine[],
  firstStart: number,
  bodySize: number,
  fallbackTitle: string | null,
): Boundary | null {
  if (firstStart <= 0) return null;
  const heading = printedHeading(lines, 0, bodySize, null);
  return {
    start: 0,
    bodyStart: heading.text === "" ? 0 : heading.end,
    title: heading.text || fallbackTitle || "Front matter",
    part: null,
    kind: "front",
  };
}
