import { countWords } from "../chapters.js";
import type { ParsedChapter } from "../types.js";
import type { BookFlow, FlowBlock } from "./book-flow.js";
import { classifyLabel, kindsOfTypes, type Matter } from "./matter.js";
import type { Segment } from "./segments.js";
import { titleAndText } from "./titles.js";
import { comparable } from "./toc-placement.js";

/**
 * Turns segments into chapters and decides front/back/body. Strong signals (semantic types,
 * landmarks, titles) decide first; weak ones (a page of links, the book's own title or
 * author as a heading, a page of headings only) only mark matter before the story starts.
 * Matter before the first body chapter is front, after the last one back.
 */

export interface Draft extends ParsedChapter {
  blocks: FlowBlock[];
  /** "weak": matter if it comes before the first body chapter, otherwise body. */
  verdict: Matter | "weak";
  /** The verdict was weak: the fallback split may look inside it. */
  weak: boolean;
}

export interface BookSignals {
  title: string | null;
  author: string | null;
  /** Position → landmark/guide kind. */
  landmarks: Map<number, Matter>;
  /** Where the landmarks say the body begins. */
  bodyStart: number | null;
}

export function draftChapter(segment: Segment, flow: BookFlow, signals: BookSignals): Draft | null {
  const blocks = [segment, ...segment.continuations].flatMap((range) =>
    flow.blocks.slice(range.start, range.end),
  );
  const titled = titleAndText(blocks, segment.label || null);
  if (titled.text === "") return null;
  const first = blocks[0]!;
  const linkDense = isLinkDense(blocks);
  // An untitled page that is mostly links is a contents page.
  const title = titled.title ?? (linkDense ? "Contents" : fallbackTitle(segment));
  const verdict = judge(
    segment,
    blocks,
    first,
    { title, printed: titled.printed, hasProse: titled.hasProse, prose: titled.text },
    flow,
    signals,
  );
  return {
    title,
    // A part's introduction read as a chapter belongs to that part.
    part: segment.role === "part" && verdict === "body" ? segment.label : segment.part,
    kind: "body",
    text: titled.text,
    ...(titled.bodyOffset > 0 ? { bodyOffset: titled.bodyOffset } : {}),
    blocks,
    verdict,
    weak: verdict === "weak",
  };
}

function judge(
  segment: Segment,
  blocks: FlowBlock[],
  first: FlowBlock,
  heading: { title: string; printed: string | null; hasProse: boolean; prose: string },
  flow: BookFlow,
  signals: BookSignals,
): Matter | "weak" {
  const characters = blocks.reduce((sum, block) => sum + block.text.length, 0);
  const boilerplate = blocks.reduce(
    (sum, block) => sum + (block.boilerplate ? block.text.length : 0),
    0,
  );
  if (boilerplate * 2 > characters) return "matter";
  if (!flow.documents[first.document]!.linear) return "matter";
  if (signals.bodyStart !== null && segment.start < signals.bodyStart) return "matter";
  const landmark = signals.landmarks.get(segment.start);
  if (landmark && landmark !== "body") return landmark;
  const types = kindsOfTypes(first.types);
  if (types.specific) return types.specific;
  const byTitle =
    classifyLabel(segment.label ?? "") ?? (heading.printed ? classifyLabel(heading.printed) : null);
  if (byTitle) return byTitle;
  // A part's own introduction is read as a chapter of the book; a title page or epigraph is not.
  if (segment.role === "part")
    return heading.hasProse && countWords(heading.prose) >= PART_PROSE_WORDS ? "body" : "matter";
  if (types.generic) return types.generic;
  const key = comparable(heading.title);
  const namesBook =
    key !== "" && [signals.title, signals.author].some((name) => name && comparable(name) === key);
  if (isLinkDense(blocks) || namesBook || !heading.hasProse || segment.role === "unlabeled")
    return "weak";
  return "body";
}

function isLinkDense(blocks: FlowBlock[]): boolean {
  const characters = blocks.reduce((sum, block) => sum + block.text.length, 0);
  const links = blocks.reduce((sum, block) => sum + block.linkCharacters, 0);
  return links * 2 > characters;
}

function fallbackTitle(segment: Segment): string {
  return segment.role === "unlabeled" ? "" : segment.label || "";
}

/** Words of text a part must hold before its first chapter to count as a chapter itself. */
const PART_PROSE_WORDS = 100;

const PLACEHOLDER_TITLES = {
  front: "Front matter",
  back: "Back matter",
  body: "Untitled",
} as const;

/** Settles weak verdicts and gives matter its side by position. */
export function settleKinds(drafts: Draft[]): void {
  const firstBody = drafts.findIndex((draft) => draft.verdict === "body");
  for (const [index, draft] of drafts.entries()) {
    if (draft.verdict === "weak")
      draft.verdict = firstBody === -1 || index < firstBody ? "matter" : "body";
  }
  const bodies = drafts.flatMap((draft, index) => (draft.verdict === "body" ? [index] : []));
  const first = bodies[0] ?? drafts.length;
  const last = bodies[bodies.length - 1] ?? -1;
  for (const [index, draft] of drafts.entries()) {
    if (draft.verdict === "body") draft.kind = "body";
    else if (index < first) draft.kind = "front";
    else if (index > last) draft.kind = "back";
    else draft.kind = draft.verdict === "back" ? "back" : "front";
    if (draft.title === "") draft.title = PLACEHOLDER_TITLES[draft.kind];
  }
}
