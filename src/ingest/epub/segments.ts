import type { BookFlow } from "./book-flow.js";
import type { TocSegment } from "./chapter-level.js";

/**
 * Cuts the book flow into ranges: one per TOC segment, plus unlabeled ranges wherever the
 * TOC says nothing but the book changes character — text before the first TOC target,
 * documents outside the linear reading order, and Project Gutenberg header/licence blocks.
 */

export interface Segment {
  start: number;
  /** One past the last position. */
  end: number;
  label: string | null;
  part: string | null;
  role: TocSegment["role"] | "unlabeled";
}

export function cutSegments(tocSegments: TocSegment[], flow: BookFlow): Segment[] {
  const total = flow.blocks.length;
  const byStart = new Map<number, Omit<Segment, "end">>();
  // Later entries win a shared start: a container and its first child, the child is the chapter.
  const ordered = [...tocSegments].sort((first, second) => first.start - second.start);
  for (const segment of ordered) {
    if (segment.start < total) byStart.set(segment.start, { ...segment });
  }
  for (const boundary of extraBoundaries(flow)) {
    if (boundary < total && !byStart.has(boundary)) {
      byStart.set(boundary, { start: boundary, label: null, part: null, role: "unlabeled" });
    }
  }
  const starts = [...byStart.keys()].sort((first, second) => first - second);
  return starts.map((start, index) => ({
    ...byStart.get(start)!,
    end: starts[index + 1] ?? total,
  }));
}

function extraBoundaries(flow: BookFlow): number[] {
  const boundaries = [0];
  for (const document of flow.documents) {
    if (!document.linear) boundaries.push(document.start, document.end);
  }
  flow.blocks.forEach((block, position) => {
    const previous = flow.blocks[position - 1];
    if (previous && previous.boilerplate !== block.boilerplate) boundaries.push(position);
  });
  return boundaries;
}

/** Without a usable TOC, each linear spine document is a chapter candidate. */
export function documentSegments(flow: BookFlow): TocSegment[] {
  return flow.documents
    .filter((document) => document.end > document.start)
    .map((document) => ({ start: document.start, label: "", part: null, role: "unit" as const }));
}
