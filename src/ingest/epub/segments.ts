import type { BookFlow, FlowDocument } from "./book-flow.js";
import type { TocSegment } from "./chapter-level.js";
import { classifyLabel, kindsOfTypes } from "./matter.js";

/**
 * Cuts the book flow into ranges: one per TOC segment, plus unlabeled ranges wherever the
 * TOC says nothing but the book changes character — text before the first TOC target,
 * documents outside the linear reading order, documents the TOC skips that announce
 * themselves as front/back matter (an unlisted colophon), and Project Gutenberg
 * header/licence blocks. Text that resumes without a heading after a non-linear document
 * (a footnote file placed mid-chapter) is the rest of the chapter it interrupted.
 */

export interface Segment {
  start: number;
  /** One past the last position. */
  end: number;
  label: string | null;
  part: string | null;
  role: TocSegment["role"] | "unlabeled";
  /** Further ranges of the same chapter, after an interruption. */
  continuations: Array<{ start: number; end: number }>;
}

type Opening = Omit<Segment, "end" | "continuations"> & { resumes?: boolean };

export function cutSegments(tocSegments: TocSegment[], flow: BookFlow): Segment[] {
  const total = flow.blocks.length;
  const byStart = new Map<number, Opening>();
  // Later entries win a shared start: a container and its first child, the child is the chapter.
  const ordered = [...tocSegments].sort((first, second) => first.start - second.start);
  for (const segment of ordered) {
    if (segment.start < total) byStart.set(segment.start, { ...segment });
  }
  for (const { position, resumes } of extraBoundaries(flow, ordered)) {
    if (position < total && !byStart.has(position)) {
      byStart.set(position, {
        start: position,
        label: null,
        part: null,
        role: "unlabeled",
        resumes,
      });
    }
  }
  const starts = [...byStart.keys()].sort((first, second) => first - second);
  const segments: Segment[] = [];
  starts.forEach((start, index) => {
    const { resumes, ...opening } = byStart.get(start)!;
    const end = starts[index + 1] ?? total;
    const interrupted = resumes ? lastLinear(segments, flow) : undefined;
    if (interrupted) interrupted.continuations.push({ start, end });
    else segments.push({ ...opening, end, continuations: [] });
  });
  return segments;
}

function extraBoundaries(
  flow: BookFlow,
  tocSegments: TocSegment[],
): Array<{ position: number; resumes: boolean }> {
  const boundaries = [{ position: 0, resumes: false }];
  const add = (position: number, resumes = false) => boundaries.push({ position, resumes });
  for (const document of flow.documents) {
    if (!document.linear) {
      add(document.start);
      const next = flow.blocks[document.end];
      add(document.end, next !== undefined && next.heading === 0);
    } else if (announcesMatter(document, flow) && !targeted(document, tocSegments)) {
      add(document.start);
    }
  }
  flow.blocks.forEach((block, position) => {
    const previous = flow.blocks[position - 1];
    if (previous && previous.boilerplate !== block.boilerplate) add(position);
  });
  return boundaries;
}

/** The document's first block carries a front/back semantic type or a matter heading. */
function announcesMatter(document: FlowDocument, flow: BookFlow): boolean {
  const first = flow.blocks[document.start];
  if (!first || document.end === document.start) return false;
  const { specific } = kindsOfTypes(first.types);
  if (specific === "front" || specific === "back") return true;
  return first.heading > 0 && classifyLabel(first.text) !== null;
}

function targeted(document: FlowDocument, tocSegments: TocSegment[]): boolean {
  return tocSegments.some(
    (segment) => segment.start >= document.start && segment.start < document.end,
  );
}

function lastLinear(segments: Segment[], flow: BookFlow): Segment | undefined {
  return segments.findLast(
    (segment) => flow.documents[flow.blocks[segment.start]!.document]!.linear,
  );
}

/** Without a usable TOC, each linear spine document is a chapter candidate. */
export function documentSegments(flow: BookFlow): TocSegment[] {
  return flow.documents
    .filter((document) => document.end > document.start)
    .map((document) => ({ start: document.start, label: "", part: null, role: "unit" as const }));
}
