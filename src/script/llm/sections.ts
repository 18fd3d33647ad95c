/**
 * Long chapters are adapted in sections cut at paragraph boundaries, each about `sectionWords`
 * long: the count is fixed first (ceil(words / sectionWords)) and the cuts fall where the
 * running word count crosses each equal share, so sections come out balanced rather than one
 * full section and a stub.
 */
export interface Section {
  text: string;
  words: number;
}

export function splitSections(text: string, sectionWords: number): Section[] {
  const paragraphs = text
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "");
  const counted = paragraphs.map((paragraph) => ({
    text: paragraph,
    words: countWords(paragraph),
  }));
  const total = counted.reduce((sum, paragraph) => sum + paragraph.words, 0);
  if (counted.length === 0) return [];
  const count = Math.max(1, Math.ceil(total / Math.max(1, sectionWords)));
  if (count === 1) return [{ text: paragraphs.join("\n\n"), words: total }];
  const share = total / count;
  const sections: Section[] = [];
  let current: Array<{ text: string; words: number }> = [];
  let running = 0;
  for (const paragraph of counted) {
    current.push(paragraph);
    running += paragraph.words;
    if (running >= share * (sections.length + 1) && sections.length < count - 1) {
      sections.push(join(current));
      current = [];
    }
  }
  if (current.length > 0) sections.push(join(current));
  return sections;
}

/** Each section's part of the chapter's spoken words, in proportion to its length. */
export function sectionShares(sections: readonly Section[], spokenWords: number): number[] {
  const total = sections.reduce((sum, section) => sum + section.words, 0) || 1;
  return sections.map((section) => Math.max(20, Math.round((spokenWords * section.words) / total)));
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}

function join(paragraphs: ReadonlyArray<{ text: string; words: number }>): Section {
  return {
    text: paragraphs.map((paragraph) => paragraph.text).join("\n\n"),
    words: paragraphs.reduce((sum, paragraph) => sum + paragraph.words, 0),
  };
}
