/**
 * Long chapters are adapted in sections of about `sectionWords`: the count is fixed first
 * (ceil(words / sectionWords)) and the cuts fall where the running word count crosses each
 * equal share, so sections come out balanced rather than one full section and a stub.
 * Cuts fall between paragraphs; a paragraph longer than a section (a chapter with no blank
 * lines, say) is cut at its line breaks, and a line still too long at sentence ends — never
 * inside a sentence, so one huge sentence stays whole.
 */
export interface Section {
  text: string;
  words: number;
}

/** A piece of the chapter, and what separated it from the piece before. */
interface Unit {
  text: string;
  words: number;
  separator: string;
}

const PARAGRAPH_BREAK = /\n[ \t]*\n/;
const LINE_BREAK = /\n/;
/** Whitespace after a sentence end (with any closing quotes or brackets). */
const SENTENCE_END = /(?<=[.!?…]["'”’»)\]]*)\s+/u;

export function splitSections(text: string, sectionWords: number): Section[] {
  const limit = Math.max(1, sectionWords);
  const units = pieces(text, PARAGRAPH_BREAK, "\n\n").flatMap((paragraph) =>
    paragraph.words <= limit
      ? [paragraph]
      : withFirstSeparator(
          pieces(paragraph.text, LINE_BREAK, "\n").flatMap((line) =>
            line.words <= limit
              ? [line]
              : withFirstSeparator(pieces(line.text, SENTENCE_END, " "), line.separator),
          ),
          paragraph.separator,
        ),
  );
  if (units.length === 0) return [];
  const total = units.reduce((sum, unit) => sum + unit.words, 0);
  const count = Math.max(1, Math.ceil(total / limit));
  if (count === 1) return [join(units)];
  const share = total / count;
  const sections: Section[] = [];
  let current: Unit[] = [];
  let running = 0;
  for (const unit of units) {
    current.push(unit);
    running += unit.words;
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

function pieces(text: string, boundary: RegExp, separator: string): Unit[] {
  return text
    .split(boundary)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== "")
    .map((piece) => ({ text: piece, words: countWords(piece), separator }));
}

/** The first piece of a split unit keeps the separator the whole unit had. */
function withFirstSeparator(units: Unit[], separator: string): Unit[] {
  return units.map((unit, index) => (index === 0 ? { ...unit, separator } : unit));
}

function join(units: readonly Unit[]): Section {
  return {
    text: units
      .map((unit, index) => (index === 0 ? unit.text : unit.separator + unit.text))
      .join(""),
    words: units.reduce((sum, unit) => sum + unit.words, 0),
  };
}
