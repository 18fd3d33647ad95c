import { isPartLabel } from "../heading-patterns.js";
import type { FlowBlock } from "./book-flow.js";

/**
 * Splits one long stretch of text at its headings, for books whose TOC does not list the
 * chapters. The chapter level is the highest heading level that occurs at least twice; if
 * every heading there reads like a part (PART I, BOOK II), that level gives the parts and
 * the next level down the chapters.
 */

export interface HeadingPiece {
  blocks: FlowBlock[];
  part: string | null;
  /** The stretch before the first chapter heading (title page lines, contents). */
  leading: boolean;
}

export function splitAtHeadings(blocks: FlowBlock[]): HeadingPiece[] | null {
  const counts = new Map<number, number>();
  for (const block of blocks)
    if (block.heading > 0) counts.set(block.heading, (counts.get(block.heading) ?? 0) + 1);
  const levels = [...counts.entries()]
    .filter(([, count]) => count >= 2)
    .map(([level]) => level)
    .sort();
  let partLevel: number | null = null;
  let chapterLevel: number | null = null;
  for (const level of levels) {
    const headings = blocks.filter((block) => block.heading === level);
    if (
      partLevel === null &&
      headings.every((block) => isPartLabel(block.text)) &&
      levels.some((deeper) => deeper > level)
    ) {
      partLevel = level;
      continue;
    }
    chapterLevel = level;
    break;
  }
  if (chapterLevel === null) return null;

  const pieces: HeadingPiece[] = [];
  let part: string | null = null;
  let current: HeadingPiece = { blocks: [], part: null, leading: true };
  for (const block of blocks) {
    if (block.heading === partLevel) {
      part = block.text;
      continue;
    }
    if (block.heading === chapterLevel) {
      if (current.blocks.length > 0) pieces.push(current);
      current = { blocks: [], part, leading: false };
    }
    current.blocks.push(block);
  }
  if (current.blocks.length > 0) pieces.push(current);
  return pieces.filter((piece) => !piece.leading).length >= 2 ? pieces : null;
}
