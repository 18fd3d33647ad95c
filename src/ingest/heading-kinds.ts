import { classifyTitle } from "./chapters.js";
import { matchHeading } from "./text/heading-patterns.js";
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

/** A part-level heading that is a frame of the story rather than a container: 'Epilogue'. */
export function isFrameHeading(title: string): boolean {
  return (
    isPartHeading(title) &&
    /^(?:\p{L}+\s+)?(?:prologue|epilogue|prólogo|epílogo|prolog|epilog|prologo|epilogo|épilogue)\b/iu.test(
      title,
    )
  );
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
