import { classifyTitle } from "../chapters.js";
import { matchHeading } from "../heading-patterns.js";
import type { ChapterKind, ParsedChapter } from "../types.js";
import { findHeadings, type Heading } from "./heading-candidates.js";
import { illustrationCaption, isEndMarker } from "./illustrations.js";
import { readTitlePage } from "./title-page.js";

/**
 * Chapters of a book given only as paragraphs, found from the text itself: for plain text,
 * and for DOCX/EPUB/PDF files whose headings carry no markup. Headings are short paragraphs
 * ("CHAPTER IV.", "Capítulo II. Que trata…", "Letter 3", "第三章", a bare "II"); parts
 * ("BOOK ONE: 1805") become the `part` of the chapters under them; what comes before the
 * first chapter is front matter, and "THE END" or a back-matter heading after the last
 * chapter starts back matter.
 */
export interface ParagraphChaptersResult {
  chapters: ParsedChapter[];
  title: string | null;
  author: string | null;
}

interface Section {
  title: string | null;
  part: string | null;
  kind: ChapterKind;
  paragraphs: string[];
}

/** Front and back matter headings are short; a long paragraph that starts "Notes…" is prose. */
const MATTER_HEADING_WORDS = 8;
const MATTER_HEADING_LENGTH = 200;

/**
 * `options.language` (ISO 639-1) is accepted so callers can pass what they know; the
 * heading patterns of every supported language apply regardless, since books quote
 * headings in other languages rarely enough.
 */
export function chaptersFromParagraphs(
  paragraphs: string[],
  _options: { language?: string | null } = {},
): ParagraphChaptersResult {
  const tidy = paragraphs
    .map((paragraph) => paragraph.replace(/\s+/g, " ").trim())
    .filter((text) => text !== "");
  const headings = findHeadings(tidy);
  const firstHeading = headings[0]?.index ?? tidy.length;
  const { title, author } = readTitlePage(tidy, firstHeading);
  const sections = splitSections(tidy, headings);
  const chapters = sections.flatMap((section) => toChapter(section, title));
  return { chapters, title, author };
}

function splitSections(paragraphs: string[], headings: Heading[]): Section[] {
  const byIndex = new Map(headings.map((heading) => [heading.index, heading]));
  const partHasChapters = partsWithChapters(headings);
  const lastChapter = headings.filter((heading) => heading.level === "chapter").at(-1)?.index ?? -1;
  const sections: Section[] = [];
  let current: Section = {
    title: null,
    part: null,
    kind: headings.length === 0 ? "body" : "front",
    paragraphs: [],
  };
  let part: string | null = null;
  let seenChapter = false;
  const start = (next: Section) => {
    sections.push(current);
    current = next;
  };

  for (let index = 0; index < paragraphs.length; index++) {
    const paragraph = paragraphs[index] ?? "";
    const heading = byIndex.get(index);
    if (heading) {
      index += heading.span - 1;
      if (heading.level === "chapter") {
        seenChapter = true;
        start({ title: heading.title, part, kind: "body", paragraphs: [] });
      } else if (partHasChapters.has(heading.index)) {
        part = heading.title;
        start({ title: heading.title, part, kind: "front", paragraphs: [] });
      } else {
        part = null;
        const kind = classifyTitle(heading.title) ?? "body";
        start({ title: heading.title, part: null, kind, paragraphs: [] });
      }
      continue;
    }
    // Every heading-like line is short; long paragraphs are prose and need no more tests.
    if (paragraph.length > MATTER_HEADING_LENGTH) {
      current.paragraphs.push(paragraph);
      continue;
    }
    if (current.kind === "body" && isEndMarker(paragraph)) {
      start({
        title: illustrationCaption(paragraph)?.replace(/\s+/g, " ") ?? paragraph,
        part,
        kind: "back",
        paragraphs: [],
      });
      continue;
    }
    const label = illustrationCaption(paragraph)?.replace(/\s+/g, " ") ?? paragraph;
    const matter = label.split(" ").length <= MATTER_HEADING_WORDS ? classifyTitle(label) : null;
    if (matter !== null && index > lastChapter && seenChapter) {
      // After the last chapter even a "front" title (a transcriber's note) is back matter.
      start({ title: label, part: null, kind: "back", paragraphs: [] });
      continue;
    }
    if (matter === "front" && (!seenChapter || current.kind !== "body")) {
      start({ title: label, part, kind: "front", paragraphs: [] });
      continue;
    }
    current.paragraphs.push(paragraph);
  }
  sections.push(current);
  return sections;
}

/** Part headings followed by at least one chapter before the next part heading. */
function partsWithChapters(headings: Heading[]): Set<number> {
  const parts = new Set<number>();
  let openPart: number | null = null;
  for (const heading of headings) {
    if (heading.level === "part") openPart = heading.index;
    else if (openPart !== null) parts.add(openPart);
  }
  return parts;
}

function toChapter(section: Section, bookTitle: string | null): ParsedChapter[] {
  const paragraphs = [...section.paragraphs];
  let title = section.title;
  if (title === null) {
    // An untitled opening (title page, credits) is named by its first short line of text.
    const first = paragraphs.findIndex((paragraph) => illustrationCaption(paragraph) === null);
    const line = paragraphs[first];
    if (
      section.kind !== "body" &&
      line !== undefined &&
      first < 5 &&
      line.split(" ").length <= 12
    ) {
      title = line;
      paragraphs.splice(first, 1);
    }
    title ??= section.kind === "body" ? (bookTitle ?? "Text") : "Front matter";
  }
  if (paragraphs.length === 0 && section.kind !== "body") return [];
  const chapter: ParsedChapter = {
    title,
    part: section.part,
    kind: section.kind,
    text: paragraphs.join("\n\n"),
  };
  const offset = sectionNumeralsLength(paragraphs);
  if (offset > 0) chapter.bodyOffset = offset;
  return [chapter];
}

/**
 * A story that opens with its first section number ("I." under "I. A SCANDAL IN BOHEMIA")
 * keeps the numeral in its text, but the prose, and so the opening words, begin after it.
 */
function sectionNumeralsLength(paragraphs: string[]): number {
  let offset = 0;
  for (const [position, paragraph] of paragraphs.entries()) {
    if (position === paragraphs.length - 1) break;
    const heading = matchHeading(paragraph);
    if (!(heading?.strength === "weak" && heading.numberOnly)) break;
    offset += paragraph.length + 2;
  }
  return offset;
}
