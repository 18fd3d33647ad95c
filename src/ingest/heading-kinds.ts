import { classifyTitle } from "./chapters.js";
import { FRAME_WORDS, matchHeading } from "./heading-patterns.js";
import type { ChapterKind } from "./types.js";

/**
 * Rules shared by the readers that get a flat list of headings (PDF outline or headings,
 * DOCX heading styles): which headings are numbered chapters or parts, and which
 * unnumbered ones around a numbered run are front or back matter.
 */

/** A chapter heading with a number: 'Chapter I', 'CHAPTER ONE', 'XII', 'Kapitel 3', '第一章'. */
export function isNumberedChapter(title: string): boolean {
  return matchHeading(title)?.level === "chapter";
}

/** A BOOK/PART/VOLUME heading, or a prologue/epilogue (which may stand alone). */
export function isPartHeading(title: string): boolean {
  return matchHeading(title)?.level === "part";
}

/** The frame word may follow an ordinal: 'FIRST EPILOGUE'. */
const FRAME = new RegExp(`^(?:\\p{L}+\\s+)?(?:${FRAME_WORDS})(?![\\p{L}])`, "iu");

/** A part-level heading that is a frame of the story rather than a container: 'Epilogue'. */
export function isFrameHeading(title: string): boolean {
  return isPartHeading(title) && FRAME.test(title);
}

/**
 * When the chapters form a numbered run (at least two numbered, and most headings between
 * the first and the last numbered), unnumbered ones before the run are front matter (a
 * prefatory poem, the author's name set as a heading) and after it back matter, except a
 * prologue or epilogue; titles such as 'Preface' or 'Notes' decide on their own.
 */
export function unitKinds(titles: readonly string[]): ChapterKind[] {
  const numbered = titles.map((title) => isNumberedChapter(title));
  const first = numbered.indexOf(true);
  const last = numbered.lastIndexOf(true);
  const count = numbered.filter(Boolean).length;
  const mostlyNumbered = count >= 2 && count * 2 >= last - first + 1;
  return titles.map((title, index) => {
    const byTitle = classifyTitle(title);
    if (byTitle) return byTitle;
    if (!mostlyNumbered || numbered[index] || isFrameHeading(title)) return "body";
    if (index < first) return "front";
    if (index > last) return "back";
    return "body";
  });
}

/** A heading in reading order with its nesting level (Word heading level, bookmark depth). */
export interface LeveledHeading {
  level: number;
  title: string;
}

/** The level with the most numbered chapter headings (the shallower on a tie), or null. */
export function numberedLevel(headings: readonly LeveledHeading[]): number | null {
  const counts = new Map<number, number>();
  for (const heading of headings)
    if (isNumberedChapter(heading.title))
      counts.set(heading.level, (counts.get(heading.level) ?? 0) + 1);
  let best: number | null = null;
  for (const [level, count] of counts) {
    const bestCount = best === null ? -1 : (counts.get(best) ?? 0);
    if (count > bestCount || (count === bestCount && best !== null && level < best)) best = level;
  }
  return best;
}

/**
 * Numbers at a deeper level do not always mark chapters: in a story collection, one story
 * may be cut into sections 'I', 'II', 'III'. When a shallower level has at least two
 * headings (front and back matter by title do not count), no BOOK/PART heading, and most of
 * them have nothing deeper under them, those headings are the chapters and the numbered
 * ones are sections inside them.
 */
export function storyLevel(headings: readonly LeveledHeading[], chapterLevel: number): number {
  for (
    let level = Math.min(...headings.map((heading) => heading.level));
    level < chapterLevel;
    level++
  ) {
    let voters = 0;
    let containers = 0;
    let parts = 0;
    headings.forEach((heading, index) => {
      if (heading.level !== level || classifyTitle(heading.title)) return;
      voters++;
      if (isPartHeading(heading.title) && !isFrameHeading(heading.title)) parts++;
      if ((headings[index + 1]?.level ?? 0) > level) containers++;
    });
    if (voters >= 2 && parts === 0 && containers * 2 < voters) return level;
  }
  return chapterLevel;
}
