import { chaptersFromParagraphs } from "../text/paragraph-chapters.js";
import type { ChapterKind } from "../types.js";
import type { FlowBlock } from "./book-flow.js";
import type { Draft } from "./chapter-drafts.js";
import { splitAtHeadings } from "./heading-split.js";
import { classifyLabel, kindsOfTypes } from "./matter.js";
import { titleAndText } from "./titles.js";

/**
 * When the TOC yields at most one body chapter (one entry for the whole book, as pandoc
 * writes for a single file), the longest stretch of text is split at its own headings, and
 * failing that at heading-like paragraphs ("Letter 1", "Chapter 1" set as plain <p>).
 */
export function splitLongestStretch(
  drafts: Draft[],
  language: string | null,
): { drafts: Draft[]; warning: string } | null {
  // With no body chapter at all, even a stretch marked as matter may hold the book (one file
  // that opens with a title page section).
  const noBody = drafts.every((draft) => draft.kind !== "body");
  const candidates = drafts.filter((draft) => noBody || draft.kind === "body" || draft.weak);
  const longest = candidates.reduce<Draft | null>(
    (best, draft) => (best && best.text.length >= draft.text.length ? best : draft),
    null,
  );
  if (!longest) return null;
  const replacement = byHeadings(longest) ?? byParagraphs(longest, language);
  if (!replacement) return null;
  const index = drafts.indexOf(longest);
  return {
    drafts: [...drafts.slice(0, index), ...replacement, ...drafts.slice(index + 1)],
    warning:
      "The table of contents does not list the chapters; they were found in the text itself.",
  };
}

function byHeadings(stretch: Draft): Draft[] | null {
  const pieces = splitAtHeadings(stretch.blocks);
  if (!pieces) return null;
  return pieces.flatMap((piece): Draft[] => {
    const titled = titleAndText(piece.blocks, null);
    if (titled.text === "") return [];
    const kind = piece.leading ? "front" : (matterKind(piece.blocks[0]!, titled.title) ?? "body");
    return [
      {
        title: titled.title ?? stretch.title,
        part: piece.part,
        kind,
        text: titled.text,
        ...(titled.bodyOffset > 0 ? { bodyOffset: titled.bodyOffset } : {}),
        blocks: piece.blocks,
        verdict: kind,
        weak: false,
      },
    ];
  });
}

/** Notes or an appendix among the headings: by the section's semantic type, else its title. */
function matterKind(first: FlowBlock, title: string | null): ChapterKind | null {
  const { specific } = kindsOfTypes(first.types);
  if (specific) return specific === "body" ? null : specific;
  return title ? classifyLabel(title) : null;
}

function byParagraphs(stretch: Draft, language: string | null): Draft[] | null {
  const { chapters } = chaptersFromParagraphs(
    stretch.blocks.map((block) => block.text),
    { language },
  );
  if (chapters.filter((chapter) => chapter.kind === "body").length < 2) return null;
  return chapters.map((chapter) => ({
    ...chapter,
    blocks: [],
    verdict: chapter.kind,
    weak: false,
  }));
}
