import { isNumberedChapter, isPartHeading } from "../heading-kinds.js";
import { compact, isHeadingLine, type TextLine } from "./text-line.js";

/** A heading longer than this many lines is a display page (a poem, a title page), not a heading. */
const MAX_HEADING_LINES = 6;

export interface PrintedHeading {
  /** The heading lines joined with spaces; empty when the position starts with body text. */
  text: string;
  /** Index of the first line after the heading. */
  end: number;
  /** Whether the printed text contains the bookmark's label. */
  matches: boolean;
}

/**
 * Reads the heading printed at `start`: the run of large-type lines on one page. With a
 * bookmark label, the heading is the shortest run that contains the label (bookmarks are
 * often shortened: 'Down the Rabbit-Hole' for 'Chapter I / Down the Rabbit-Hole', '…WEYBRIDGE
 * A' for a two-line title), extended by further lines in the same type that do not start a
 * heading of their own (a subtitle), so a part title and the first chapter title printed on
 * one page stay apart.
 */
export function printedHeading(
  lines: readonly TextLine[],
  start: number,
  bodySize: number,
  label: string | null,
): PrintedHeading {
  const block: TextLine[] = [];
  for (let index = start; index < lines.length && block.length < MAX_HEADING_LINES; index++) {
    const line = lines[index]!;
    if (!isHeadingLine(line, bodySize) || (block[0] && line.page !== block[0].page)) break;
    // A step down in type size ends the heading: 'by Lewis Carroll' under a title.
    if (block.some((previous) => line.size < previous.size * 0.9)) break;
    block.push(line);
  }
  const wanted = label ? compact(label) : "";
  let count = block.length;
  let matches = false;
  if (wanted !== "") {
    const found = block.findIndex((_, index) =>
      compact(joined(block.slice(0, index + 1))).includes(wanted),
    );
    if (found >= 0) {
      matches = true;
      count = found + 1;
      while (count < block.length && continuesHeading(block[count]!, block[count - 1]!)) count++;
    }
  }
  return { text: joined(block.slice(0, count)), end: start + count, matches };
}

function continuesHeading(line: TextLine, previous: TextLine): boolean {
  return (
    Math.abs(line.size - previous.size) < 0.5 &&
    !isNumberedChapter(line.text) &&
    !isPartHeading(line.text)
  );
}

function joined(lines: readonly TextLine[]): string {
  return lines
    .map((line) => line.text)
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}
