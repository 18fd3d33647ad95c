import { createHash } from "node:crypto";

/**
 * Long chapters are adapted in sections of about `sectionWords`, each its own LLM call cached
 * by its text (section-cache.ts). So the cuts are content-defined, as rsync and restic cut
 * files: once a section holds half of `sectionWords`, a piece whose opening words hash under a
 * threshold starts the next one (about one cut per half `sectionWords` of text after that);
 * a section never grows past twice `sectionWords` unless one piece is that long. Every cut
 * depends only on the pieces since the previous cut, so an edited paragraph moves no boundary
 * outside its own section (rarely its neighbour's): the other sections keep their text and
 * their cached answers. A cut by running word count would shift every later boundary.
 * Pieces are paragraphs; a paragraph longer than a section (a chapter with no blank lines,
 * say) is cut at its line breaks, and a line still too long at sentence ends — never inside a
 * sentence, so one huge sentence stays whole.
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
/** Opening words hashed to decide a cut: rewording the rest of a paragraph never moves one. */
const OPENING_WORDS = 6;

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
  if (total <= limit) return [join(units)];
  const minWords = limit / 2;
  const maxWords = limit * 2;
  const groups: Unit[][] = [];
  let current: Unit[] = [];
  let running = 0;
  for (const unit of units) {
    const full = running + unit.words > maxWords;
    if (current.length > 0 && (full || (running >= minWords && startsSection(unit, minWords)))) {
      groups.push(current);
      current = [];
      running = 0;
    }
    current.push(unit);
    running += unit.words;
  }
  // A short tail joins the section before it rather than being adapted alone.
  const last = groups.at(-1);
  if (last && running < limit / 4) last.push(...current);
  else groups.push(current);
  return groups.map(join);
}

/**
 * Each section's part of the chapter's spoken words. One section takes the whole target; in
 * several, each takes its own length × the target's ratio (rounded to a fixed grid by
 * target.ts), never the chapter's total: an edit elsewhere must not change a section's
 * share, which is part of its cache key.
 */
export function sectionShares(
  sections: readonly Section[],
  target: { spokenWords: number; ratio: number },
): number[] {
  if (sections.length === 1) return [target.spokenWords];
  return sections.map((section) => Math.max(20, Math.round(section.words * target.ratio)));
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}

/**
 * Whether a piece starts a new section: a draw from its opening words, with a chance that grows
 * with its length (1 − e^(−words / meanGap)), so cuts come about every `meanGap` words
 * whatever the book's paragraph sizes.
 */
function startsSection(unit: Unit, meanGap: number): boolean {
  const opening = unit.text.toLowerCase().split(/\s+/).slice(0, OPENING_WORDS).join(" ");
  const draw = createHash("sha256").update(opening).digest().readUInt32BE(0) / 2 ** 32;
  return draw < 1 - Math.exp(-Math.max(1, unit.words) / meanGap);
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
