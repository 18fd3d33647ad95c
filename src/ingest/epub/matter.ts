import { classifyTitle } from "../chapters.js";
import type { ChapterKind } from "../types.js";

/**
 * Front and back matter from what the EPUB says about itself: `epub:type`/ARIA roles on the
 * elements around a chapter's start, landmarks/guide types, and titles.
 */

export type Matter = ChapterKind | "matter";

const FRONT_TYPES = new Set([
  "cover",
  "titlepage",
  "halftitlepage",
  "title-page",
  "toc",
  "dedication",
  "epigraph",
  "foreword",
  "preface",
  "acknowledgments",
  "acknowledgements",
  "imprint",
  "frontispiece",
  "loi",
  "lot",
  "contributors",
  "other-credits",
  "seriespage",
  "errata",
  "introduction",
  "prologue-note",
]);
const BACK_TYPES = new Set([
  "colophon",
  "appendix",
  "index",
  "glossary",
  "bibliography",
  "footnotes",
  "endnotes",
  "rearnotes",
  "notes",
  "afterword",
  "copyright-page",
  "copyright",
  "license",
]);
const GENERIC: Record<string, ChapterKind> = {
  frontmatter: "front",
  backmatter: "back",
  bodymatter: "body",
};
/** Types that mark a chapter outright, closer to the text than any front/back wrapper. */
const BODY_TYPES = new Set(["chapter", "part", "division", "volume", "subchapter"]);

/** The kind a semantic type token stands for, stripped of `doc-` and vocabulary prefixes. */
export function kindOfType(token: string): { kind: ChapterKind; specific: boolean } | null {
  const type = token.replace(/^doc-/, "").replace(/^[a-z0-9]+:/, "");
  if (FRONT_TYPES.has(type)) return { kind: "front", specific: true };
  if (BACK_TYPES.has(type)) return { kind: "back", specific: true };
  if (BODY_TYPES.has(type)) return { kind: "body", specific: true };
  const generic = GENERIC[type];
  return generic ? { kind: generic, specific: false } : null;
}

/** Nearest specific and nearest generic kind among tokens listed nearest first. */
export function kindsOfTypes(tokens: readonly string[]): {
  specific: ChapterKind | null;
  generic: ChapterKind | null;
} {
  let specific: ChapterKind | null = null;
  let generic: ChapterKind | null = null;
  for (const token of tokens) {
    const found = kindOfType(token);
    if (!found) continue;
    if (found.specific) specific ??= found.kind;
    else generic ??= found.kind;
  }
  return { specific, generic };
}

const EXTRA_FRONT = [
  /^introduct(ion|ory)\b/i,
  /^(half[- ]?title|title)$/i,
  /^(brief )?contents\b/i,
];
const EXTRA_BACK = [/^(the )?end\b\.?$/i, /^uncopyright\b/i];

/** Front/back matter judged from a TOC label or heading alone; null when it says nothing. */
export function classifyLabel(label: string): ChapterKind | null {
  const clean = label
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[:;,]+$/, "")
    .trim();
  if (clean === "") return null;
  const shared = classifyTitle(clean);
  if (shared) return shared;
  if (EXTRA_FRONT.some((pattern) => pattern.test(clean))) return "front";
  if (EXTRA_BACK.some((pattern) => pattern.test(clean))) return "back";
  return null;
}
