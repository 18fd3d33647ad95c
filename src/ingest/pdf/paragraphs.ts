import { isBrokenWord, repairStaleHyphens, type Vocabulary } from "./hyphenation.js";
import type { TextLine } from "./text-line.js";

export interface ParagraphOptions {
  bodySize: number;
  /** Typical baseline step as a multiple of the font size. */
  leading: number;
  /** The usual first-line indent in points, or null when paragraphs are not indented. */
  indent: number | null;
  vocabulary: Vocabulary;
}

/** A gap this much wider than the usual line step separates paragraphs (or stanzas). */
const EXTRA_GAP = 1.3;

/**
 * Joins printed lines into paragraphs. A new paragraph starts after a wider vertical gap,
 * where the font size changes, or where a line sits one paragraph indent to the right of a
 * neighbouring line (comparing with neighbours rather than a page margin keeps text wrapped
 * around a picture in one paragraph). Words broken at line ends are rejoined.
 */
export function paragraphsFromLines(
  lines: readonly TextLine[],
  options: ParagraphOptions,
): string[] {
  const paragraphs: string[] = [];
  let current = "";
  let previousStarted = false;
  lines.forEach((line, index) => {
    const previous = lines[index - 1];
    // At a page break the line after is elsewhere; the last lines of the page are the measure.
    const neighbours =
      previous?.page === line.page
        ? [lines[index - 2], line]
        : lines.slice(Math.max(0, index - 4), index - 1);
    const previousShort = previous !== undefined && endsShort(previous, neighbours);
    const started =
      !previous ||
      startsParagraph(
        line,
        previous,
        lines[index + 1],
        { previousStarted, previousShort },
        options,
      );
    previousStarted = started;
    if (!started) {
      current = appendLine(current, line.text, options.vocabulary);
      return;
    }
    if (current !== "") paragraphs.push(current);
    current = line.text.replace(/\u00ad/g, "");
  });
  if (current !== "") paragraphs.push(current);
  return paragraphs.map((paragraph) => repairStaleHyphens(paragraph, options.vocabulary));
}

function startsParagraph(
  line: TextLine,
  previous: TextLine,
  next: TextLine | undefined,
  before: { previousStarted: boolean; previousShort: boolean },
  options: ParagraphOptions,
): boolean {
  const size = Math.max(line.size, previous.size);
  if (Math.abs(line.size - previous.size) > Math.min(line.size, previous.size) * 0.1) return true;
  if (line.page === previous.page && previous.y - line.y > size * options.leading * EXTRA_GAP)
    return true;
  // A page break hides the gap between paragraphs; a page that ended on a short line ended
  // a paragraph (block paragraphs without indents have no other sign).
  if (line.page !== previous.page && before.previousShort) return true;
  const indent = options.indent;
  if (indent === null) return false;
  const tolerance = Math.max(1, line.size * 0.1);
  const indentedFrom = (other: TextLine | undefined) =>
    other !== undefined && Math.abs(line.x - other.x - indent) <= tolerance;
  // Against the next line too: the first line of a paragraph beside a picture follows a
  // full-width line, so only the narrower line below shows its indent.
  if (indentedFrom(previous) || (next?.page === line.page && indentedFrom(next))) return true;
  // After a one-line paragraph (dialogue), the same indent starts the next one.
  return (
    before.previousStarted && before.previousShort && Math.abs(line.x - previous.x) <= tolerance
  );
}

/**
 * A line that stops well before the lines around it ends a paragraph. Neighbours, not the
 * page width, are the measure: beside a picture every line is short.
 */
function endsShort(line: TextLine, neighbours: ReadonlyArray<TextLine | undefined>): boolean {
  const reachOf = (other: TextLine | undefined) =>
    other && other.page === line.page && Math.abs(other.size - line.size) <= line.size * 0.1
      ? other.right
      : 0;
  const reach = Math.max(...neighbours.map(reachOf));
  return reach > 0 && line.right < reach - line.size * 2;
}

function appendLine(paragraph: string, text: string, vocabulary: Vocabulary): string {
  const head = paragraph.replace(/\u00ad$/, "-");
  if (isBrokenWord(head, text)) return vocabulary.join(head, text).replace(/\u00ad/g, "");
  // A closed dash ('purpose—a') may end a line or start the next; a spaced one keeps its space.
  // Nobody hyphenates a word before a capital, so 'Major-' + 'General' is one compound.
  const closedDash =
    (/(?:[—–]|--)$/.test(head) && !/\s(?:[—–]|--)$/.test(head)) ||
    /^[—–](?![\s—–])/.test(text) ||
    (/\p{L}[-‐]$/u.test(head) && /^\p{Lu}/u.test(text));
  const joiner = closedDash ? "" : " ";
  return `${head}${joiner}${text}`.replace(/\u00ad/g, "");
}
