import type { Target } from "./paths.js";

/** One entry of a table of contents (EPUB 3 nav or EPUB 2 NCX), with its sub-entries. */
export interface TocEntry {
  label: string;
  target: Target | null;
  children: TocEntry[];
}

/** A landmark (EPUB 3) or guide reference (EPUB 2): a semantic type for a location. */
export interface Landmark {
  types: string[];
  target: Target;
}

/**
 * Entries without a link (an author's name grouping stories, say) do not mark a place in
 * the text; their children take their place.
 */
export function liftUnlinked(entries: TocEntry[]): TocEntry[] {
  return entries.flatMap((entry) => {
    const children = liftUnlinked(entry.children);
    return entry.target ? [{ ...entry, children }] : children;
  });
}

export function countEntries<Entry extends { children: Entry[] }>(entries: Entry[]): number {
  return entries.reduce((total, entry) => total + 1 + countEntries(entry.children), 0);
}
