import type { BookFlow } from "./book-flow.js";
import type { TocEntry } from "./toc-entry.js";

/** A TOC entry with its position in the book flow (null when it points nowhere). */
export interface PlacedEntry {
  label: string;
  position: number | null;
  children: PlacedEntry[];
}

export interface Placement {
  entries: PlacedEntry[];
  /** Share of linked entries whose target exists exactly as written (0–1). */
  exactShare: number;
  /** Entries found again through their heading, or not at all. */
  repaired: string[];
  lost: string[];
}

/**
 * Puts each entry at its target. A fragment that does not exist (a broken TOC) is looked
 * for as a heading with the entry's label in the target document.
 */
export function placeEntries(entries: TocEntry[], flow: BookFlow): Placement {
  let linked = 0;
  let exact = 0;
  const repaired: string[] = [];
  const lost: string[] = [];
  const place = (entry: TocEntry): PlacedEntry => {
    let position: number | null = null;
    if (entry.target) {
      linked++;
      position = flow.locate(entry.target);
      if (position !== null) exact++;
      else {
        position = findHeading(flow, entry.target.path, entry.label);
        (position === null ? lost : repaired).push(entry.label);
      }
    }
    return { label: entry.label, position, children: entry.children.map(place) };
  };
  const placed = entries.map(place);
  return { entries: placed, exactShare: linked === 0 ? 0 : exact / linked, repaired, lost };
}

/** The EPUB 3 nav is preferred; the NCX wins only when it resolves strictly better. */
export function choosePlacement(nav: Placement | null, ncx: Placement | null): Placement | null {
  const usable = (placement: Placement | null) =>
    placement &&
    placement.entries.length > 0 &&
    placement.exactShare + placement.repaired.length > 0
      ? placement
      : null;
  const navUsable = usable(nav);
  const ncxUsable = usable(ncx);
  if (navUsable && ncxUsable)
    return ncxUsable.exactShare > navUsable.exactShare ? ncxUsable : navUsable;
  return navUsable ?? ncxUsable;
}

export function placementWarnings(placement: Placement): string[] {
  const warnings: string[] = [];
  if (placement.repaired.length > 0) {
    warnings.push(
      `The table of contents points to ${placement.repaired.length} missing anchor(s); the headings with those titles were used instead.`,
    );
  }
  if (placement.lost.length > 0) {
    warnings.push(
      `Table of contents entries not found in the text: ${placement.lost.slice(0, 5).join(", ")}.`,
    );
  }
  return warnings;
}

/** Lower-case letters and digits only, for comparing labels with headings. */
export function comparable(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function findHeading(flow: BookFlow, path: string, label: string): number | null {
  const document = flow.documentOf(path);
  const wanted = comparable(label);
  if (!document || wanted === "") return null;
  for (let position = document.start; position < document.end; position++) {
    const block = flow.blocks[position]!;
    const text = comparable(block.text);
    if (
      text === wanted ||
      (block.heading > 0 && (text.endsWith(wanted) || wanted.endsWith(text)) && text.length > 2)
    ) {
      return position;
    }
  }
  return null;
}

/**
 * Positions of entries whose stretch (up to the next entry's target) holds headings only:
 * a part's title page in a flat table of contents.
 */
export function headingOnlyTargets(entries: PlacedEntry[], flow: BookFlow): Set<number> {
  const positions: number[] = [];
  const collect = (list: PlacedEntry[]) => {
    for (const entry of list) {
      if (entry.position !== null) positions.push(entry.position);
      collect(entry.children);
    }
  };
  collect(entries);
  const sorted = [...new Set(positions)].sort((first, second) => first - second);
  const bare = new Set<number>();
  sorted.forEach((start, index) => {
    const end = sorted[index + 1] ?? flow.blocks.length;
    const blocks = flow.blocks.slice(start, end);
    if (blocks.length > 0 && blocks.every((block) => block.heading > 0)) bare.add(start);
  });
  return bare;
}
