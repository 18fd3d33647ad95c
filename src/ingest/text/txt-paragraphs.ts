import { matchHeading } from "../heading-patterns.js";
import { removeEmphasisMarks } from "./emphasis.js";

/**
 * Plain text to paragraphs: blank lines separate paragraphs, the lines of a paragraph are
 * joined with spaces and `_italic_` marks are dropped. `[Illustration: …]` blocks that
 * contain blank lines stay one paragraph. Texts that mark paragraphs by indentation instead
 * of blank lines are split at indented lines and at heading lines.
 */
const MAX_ILLUSTRATION_BLOCKS = 12;
/** Fewer blank-line paragraphs than one per this many lines means indentation marks them. */
const LINES_PER_BLOCK_LIMIT = 40;
/** Longer lines are prose, never a heading to split off. */
const SPLIT_HEADING_LENGTH = 80;

export function textParagraphs(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, "\n")
    .replace(/[\t\u00a0\u2000-\u200a]/g, " ")
    .split("\n");
  let blocks = splitOnBlankLines(lines);
  const contentLines = lines.length - blocks.length;
  if (blocks.length > 0 && contentLines / blocks.length > LINES_PER_BLOCK_LIMIT) {
    blocks = blocks.flatMap(splitOnIndentation);
  }
  return mergeIllustrations(blocks.flatMap(splitHeadingLines)).map((block) =>
    removeEmphasisMarks(block.map((line) => line.trim()).join(" "))
      .replace(/ {2,}/g, " ")
      .trim(),
  );
}

function splitOnBlankLines(lines: string[]): string[][] {
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === "") {
      if (current.length > 0) blocks.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

function splitOnIndentation(block: string[]): string[][] {
  const pieces: string[][] = [];
  let current: string[] = [];
  for (const line of block) {
    const heading = matchHeading(line.trim()) !== null;
    if (current.length > 0 && (/^\s/.test(line) || heading)) {
      pieces.push(current);
      current = [];
    }
    current.push(line);
    if (heading) {
      pieces.push(current);
      current = [];
    }
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

/**
 * A heading line with no blank line after it ("CHAPTER I" directly above the prose) is its
 * own paragraph. Only number-only and part headings are split off: a line like
 * "Capítulo II. Que trata de…" may continue its title on the next line. A bare numeral is
 * split off only from a short title block, never from prose.
 */
function splitHeadingLines(block: string[]): string[][] {
  const pieces: string[][] = [];
  let rest = block;
  while (rest.length > 1 && (rest[0] ?? "").length <= SPLIT_HEADING_LENGTH) {
    const heading = matchHeading((rest[0] ?? "").trim());
    const splittable =
      heading?.strength === "strong"
        ? heading.numberOnly || heading.level === "part"
        : heading?.numberOnly === true && isTitleBlock(rest.slice(1));
    if (!splittable) break;
    pieces.push(rest.slice(0, 1));
    rest = rest.slice(1);
  }
  pieces.push(rest);
  return pieces;
}

/** A bare numeral may head a block only when a short title follows ("I" / "The Old Sea-dog…"). */
function isTitleBlock(lines: string[]): boolean {
  return lines.length <= 2 && lines.every((line) => line.trim().length <= SPLIT_HEADING_LENGTH);
}

/** Joins the blocks of an illustration whose closing bracket comes after blank lines. */
function mergeIllustrations(blocks: string[][]): string[][] {
  const merged: string[][] = [];
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index] ?? [];
    if (!/^\s*\[Illustration/i.test(block[0] ?? "")) {
      merged.push(block);
      continue;
    }
    const joined = [...block];
    let depth = bracketDepth(block);
    let next = index + 1;
    while (depth > 0 && next < blocks.length && next - index <= MAX_ILLUSTRATION_BLOCKS) {
      const following = blocks[next] ?? [];
      joined.push(...following);
      depth += bracketDepth(following);
      next++;
    }
    if (depth === 0) {
      merged.push(joined);
      index = next - 1;
    } else merged.push(block);
  }
  return merged;
}

function bracketDepth(lines: string[]): number {
  let depth = 0;
  for (const line of lines) {
    for (const character of line) {
      if (character === "[") depth++;
      else if (character === "]") depth--;
    }
  }
  return depth;
}
