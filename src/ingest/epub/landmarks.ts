import type { BookFlow } from "./book-flow.js";
import type { Matter } from "./matter.js";
import { kindOfType } from "./matter.js";
import type { Target } from "./paths.js";
import type { Landmark } from "./toc-entry.js";

/** EPUB 2 guide types that differ from the EPUB 3 vocabulary. */
const GUIDE_TYPES: Record<string, string> = {
  "title-page": "titlepage",
  text: "bodymatter",
  notes: "endnotes",
};

export interface LandmarkSignals {
  landmarks: Map<number, Matter>;
  bodyStart: number | null;
}

/**
 * Landmarks (EPUB 3) and guide references (EPUB 2) placed in the book flow. "bodymatter"
 * ("Begin Reading") is kept apart: everything before it is front matter.
 */
export function readLandmarks(
  landmarks: Landmark[],
  guide: Array<{ type: string; target: Target }>,
  flow: BookFlow,
): LandmarkSignals {
  const all = [
    ...landmarks,
    ...guide.map((reference) => ({
      types: [GUIDE_TYPES[reference.type] ?? reference.type],
      target: reference.target,
    })),
  ];
  const kinds = new Map<number, Matter>();
  let bodyStart: number | null = null;
  for (const landmark of all) {
    const position = flow.locate(landmark.target);
    if (position === null) continue;
    for (const type of landmark.types) {
      const found = kindOfType(type);
      if (!found) continue;
      if (found.kind === "body" && !found.specific)
        bodyStart = bodyStart === null ? position : Math.min(bodyStart, position);
      else if (found.specific && !kinds.has(position)) kinds.set(position, found.kind);
    }
  }
  return { landmarks: kinds, bodyStart };
}
