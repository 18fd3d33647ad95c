import { classifyTitle } from "../chapters.js";
import { numberedLevel, storyLevel, unitKinds } from "../heading-kinds.js";
import type { OutlineNode } from "./outline.js";
import { printedHeading } from "./printed-heading.js";
import type { Boundary } from "./sections.js";
import { isHeadingLine, type PdfLayout, type TextLine } from "./text-line.js";

interface Placed {
  node: OutlineNode;
  depth: number;
  parent: Placed | null;
  start: number;
  bodyStart: number;
  title: string;
}

/**
 * Chapter boundaries from the bookmarks. The chapter level is the outline depth whose
 * headings carry chapter numbers most often (unless a shallower depth of mostly childless
 * entries holds stories cut into numbered sections; else each branch's leaves); shallower entries
 * with children are parts (BOOK ONE …), deeper ones are sections inside a chapter. Titles
 * are the headings printed on the target page when they contain the bookmark's label.
 */
export function outlineBoundaries(
  nodes: readonly OutlineNode[],
  layout: PdfLayout,
  lines: readonly TextLine[],
): Boundary[] {
  const firstLine = pageStarts(layout);
  const placed: Placed[] = [];
  const visit = (node: OutlineNode, depth: number, parent: Placed | null, floor: number): void => {
    const start = Math.max(anchor(node, layout, firstLine, lines), floor);
    const heading = printedHeading(lines, start, layout.bodySize, node.title);
    const title = heading.matches || node.title === "" ? heading.text : node.title;
    const entry: Placed = { node, depth, parent, start, bodyStart: heading.end, title };
    placed.push(entry);
    // A child on the same page as its parent's heading starts after that heading.
    for (const child of node.children) visit(child, depth + 1, entry, heading.end);
  };
  for (const node of nodes) visit(node, 0, null, 0);

  const chapterDepth = numberedDepth(placed);
  const units = placed.filter((entry) =>
    chapterDepth === null
      ? entry.node.children.length === 0
      : entry.depth === chapterDepth ||
        (entry.depth < chapterDepth && entry.node.children.length === 0),
  );
  const kinds = unitKinds(units.map((unit) => unit.title));
  const boundaries: Boundary[] = units.map((unit, index) => ({
    start: unit.start,
    bodyStart: unit.bodyStart,
    title: unit.title,
    part: unit.parent && kinds[index] === "body" ? unit.parent.title : null,
    kind: kinds[index] ?? "body",
  }));
  const isUnit = new Set(units);
  for (const entry of placed) {
    if (isUnit.has(entry) || (chapterDepth !== null && entry.depth > chapterDepth)) continue;
    boundaries.push({
      start: entry.start,
      bodyStart: entry.bodyStart,
      title: entry.title,
      part: null,
      kind: classifyTitle(entry.title) ?? "front",
      onlyWithText: true,
    });
  }
  return boundaries;
}

/** The depth with the most numbered chapter headings, or null when no depth has any. */
function numberedDepth(placed: readonly Placed[]): number | null {
  const headings = placed.map((entry) => ({ level: entry.depth, title: entry.title }));
  const depth = numberedLevel(headings);
  return depth === null ? null : storyLevel(headings, depth);
}

/** Index of the first line of every page (pages without text point at the next page's first line). */
function pageStarts(layout: PdfLayout): number[] {
  const starts: number[] = [];
  let total = 0;
  for (const lines of layout.pages) {
    starts.push(total);
    total += lines.length;
  }
  starts.push(total);
  return starts;
}

/**
 * The line a bookmark points at: its page's first line, or, when the destination gives a
 * top edge, the heading printed near it (destinations often point a little above or below
 * the heading) or else the first line below it.
 */
function anchor(
  node: OutlineNode,
  layout: PdfLayout,
  firstLine: readonly number[],
  lines: readonly TextLine[],
): number {
  const base = firstLine[node.page] ?? lines.length;
  const pageLines = layout.pages[node.page] ?? [];
  if (node.top === null || pageLines.length === 0) return base;
  const near = layout.bodySize * 4;
  const top = node.top;
  const heading = pageLines.findIndex(
    (line) => isHeadingLine(line, layout.bodySize) && Math.abs(line.y - top) <= near,
  );
  if (heading >= 0) return base + heading;
  const below = pageLines.findIndex((line) => line.y <= top + layout.bodySize * 0.5);
  return below >= 0 ? base + below : (firstLine[node.page + 1] ?? lines.length);
}
