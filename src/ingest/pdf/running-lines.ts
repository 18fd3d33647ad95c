import { isHeadingLine, type PdfLayout, type TextLine } from "./text-line.js";

/** How many pages must repeat a line at the same place before it counts as a running header. */
const MIN_REPEATS = 3;
/** Lines this much smaller than the body text are producer stamps and promo fine print. */
const FINE_PRINT = 0.55;
const PAGE_NUMBER =
  /^(?:page\s+)?(?:\d+|[ivxlcdm]+)(?:\s*(?:of|\/)\s*\d+)?$|^[-–—]\s*\d+\s*[-–—]$|^\d+\s*(?:of|\/)\s*\d+$/i;

/**
 * Removes what is printed around the text block rather than in it: running headers and
 * footers (lines repeated at the same height on several pages, page numbers normalised
 * away, so 'CHAPTER I. DOWN THE RABBIT-HOLE 5' and '… 6' match), bare page numbers, and
 * fine print far below the body size.
 */
export function cleanLayout(rawPages: TextLine[][]): PdfLayout {
  const bodySize = dominantSize(rawPages.flat());
  const pages = rawPages.map((lines) => lines.filter((line) => line.size >= bodySize * FINE_PRINT));
  const margins = pages.map(marginLines);

  const pagesByKey = new Map<string, Set<number>>();
  margins.forEach((lines, page) => {
    for (const line of lines) {
      const key = runningKey(line);
      const seen = pagesByKey.get(key) ?? new Set<number>();
      seen.add(page);
      pagesByKey.set(key, seen);
    }
  });
  const running = new Set(
    [...pagesByKey].filter(([, seen]) => seen.size >= MIN_REPEATS).map(([key]) => key),
  );
  const runningHeights = new Set([...running].map((key) => key.slice(key.lastIndexOf("@") + 1)));

  const isRunning = (line: TextLine, lines: TextLine[]): boolean => {
    // Chapter openings print 'Chapter 3' at the same height on many pages: large type is
    // a heading, never a running line.
    if (isHeadingLine(line, bodySize)) return false;
    if (PAGE_NUMBER.test(line.text) || running.has(runningKey(line))) return true;
    // A header seen only once or twice (a two-page chapter) still sits at the header's height.
    return runningHeights.has(String(heightBucket(line.y))) && isOutermost(line, lines);
  };
  const cleaned = pages.map((lines, page) => {
    const dropped = edgeLines(margins[page] ?? [], (line) => isRunning(line, lines));
    return lines.filter((line) => !dropped.has(line));
  });
  return {
    pages: cleaned,
    bodySize,
    leading: typicalLeading(cleaned, bodySize),
    indent: typicalIndent(cleaned, bodySize),
  };
}

/** The two highest and two lowest lines of a page: where headers and footers live. */
function marginLines(lines: TextLine[]): TextLine[] {
  const heights = [...new Set(lines.map((line) => line.y))].sort((a, b) => b - a);
  if (heights.length <= 2) return [...lines];
  const top = heights[1] ?? Number.NEGATIVE_INFINITY;
  const bottom = heights[heights.length - 2] ?? Number.POSITIVE_INFINITY;
  return lines.filter((line) => line.y >= top || line.y <= bottom);
}

function isOutermost(line: TextLine, lines: TextLine[]): boolean {
  return lines.every((other) => other.y <= line.y) || lines.every((other) => other.y >= line.y);
}

/**
 * The margin lines that `isRunning` accepts, walking in from the top and the bottom edge and
 * stopping at the first height that holds anything else: a line with the heading or body
 * text between it and the edge is inside the text block, however often its words repeat
 * ('To Mrs. Saville, England.' under every letter's heading).
 */
function edgeLines(margin: TextLine[], isRunning: (line: TextLine) => boolean): Set<TextLine> {
  const dropped = new Set<TextLine>();
  const walk = (ordered: TextLine[]) => {
    for (let index = 0; index < ordered.length; ) {
      const height = ordered[index]!.y;
      let clean = true;
      for (; index < ordered.length && ordered[index]!.y === height; index++) {
        if (isRunning(ordered[index]!)) dropped.add(ordered[index]!);
        else clean = false;
      }
      if (!clean) return;
    }
  };
  walk([...margin].sort((a, b) => b.y - a.y));
  walk([...margin].sort((a, b) => a.y - b.y));
  return dropped;
}

function runningKey(line: TextLine): string {
  const text = line.text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ");
  return `${text}@${heightBucket(line.y)}`;
}

function heightBucket(y: number): number {
  return Math.round(y / 3);
}

/** The font size carrying the most characters. */
export function dominantSize(lines: readonly TextLine[]): number {
  const weights = new Map<number, number>();
  for (const line of lines)
    weights.set(line.size, (weights.get(line.size) ?? 0) + line.text.length);
  let best = 0;
  let bestWeight = -1;
  for (const [size, weight] of weights) {
    if (weight > bestWeight) {
      best = size;
      bestWeight = weight;
    }
  }
  return best || 10;
}

/** Median baseline step of consecutive body lines, as a multiple of the body size. */
function typicalLeading(pages: TextLine[][], bodySize: number): number {
  const steps: number[] = [];
  for (const lines of pages) {
    for (let index = 1; index < lines.length; index++) {
      const previous = lines[index - 1]!;
      const line = lines[index]!;
      if (line.size !== bodySize || previous.size !== bodySize) continue;
      const step = previous.y - line.y;
      if (step > 0 && step < bodySize * 3) steps.push(step / bodySize);
    }
  }
  if (steps.length === 0) return 1.2;
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)] ?? 1.2;
}

/**
 * The usual first-line indent: the most frequent rightward step between consecutive body
 * lines, between half an em and four ems. Null when paragraphs are not indented.
 */
function typicalIndent(pages: TextLine[][], bodySize: number): number | null {
  const counts = new Map<number, number>();
  for (const lines of pages) {
    for (let index = 1; index < lines.length; index++) {
      const step = lines[index]!.x - lines[index - 1]!.x;
      if (lines[index]!.size !== bodySize || step < bodySize * 0.5 || step > bodySize * 4) continue;
      const bucket = Math.round(step * 2) / 2;
      counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    }
  }
  let best: number | null = null;
  let bestCount = 2;
  for (const [step, count] of counts) {
    if (count > bestCount) {
      best = step;
      bestCount = count;
    }
  }
  return best;
}
