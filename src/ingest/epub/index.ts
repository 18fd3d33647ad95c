import type { ParsedBook, ParsedChapter, ReadContext } from "../types.js";
import type { ZipArchive } from "../zip.js";
import { readBookFlow } from "./book-flow.js";
import { type BookSignals, type Draft, draftChapter, settleKinds } from "./chapter-drafts.js";
import { segmentsFromToc } from "./chapter-level.js";
import { readDocument } from "./decode.js";
import { assertNotEncrypted } from "./drm.js";
import { splitLongestStretch } from "./fallback-split.js";
import { readLandmarks } from "./landmarks.js";
import { readNavDocument } from "./nav-document.js";
import { readNcx } from "./ncx.js";
import { readPackageDocument } from "./package-document.js";
import { cutSegments, documentSegments } from "./segments.js";
import {
  choosePlacement,
  headingOnlyTargets,
  placeEntries,
  placementWarnings,
} from "./toc-placement.js";

/**
 * EPUB 2 and 3: container → OPF → spine; chapters from the navigation document (or NCX),
 * cut at the anchors it points to, with front/back matter told apart.
 */
export async function readEpub(zip: ZipArchive, context: ReadContext): Promise<ParsedBook> {
  const { file } = context;
  await assertNotEncrypted(zip, file);
  const book = await readPackageDocument(zip, file);
  const flow = await readBookFlow(zip, book.spine);
  const warnings: string[] = [];

  const nav = book.navPath
    ? readNavDocument(await readDocument(zip, book.navPath), book.navPath)
    : null;
  const ncx = book.ncxPath ? readNcx(await readDocument(zip, book.ncxPath), book.ncxPath) : null;
  const placement = choosePlacement(
    nav && placeEntries(nav.toc, flow),
    ncx && placeEntries(ncx, flow),
  );
  if (placement) warnings.push(...placementWarnings(placement));
  else if (flow.blocks.length > 0) {
    warnings.push("No usable table of contents; chapters follow the spine documents.");
  }

  const tocSegments = placement
    ? segmentsFromToc(placement.entries, headingOnlyTargets(placement.entries, flow))
    : documentSegments(flow);
  const signals: BookSignals = {
    ...book.metadata,
    ...readLandmarks(nav?.landmarks ?? [], book.guide, flow),
  };
  let drafts = cutSegments(tocSegments, flow)
    .map((segment) => draftChapter(segment, flow, signals))
    .filter((draft): draft is Draft => draft !== null);
  settleKinds(drafts);

  if (drafts.filter((draft) => draft.kind === "body").length <= 1) {
    const split = splitLongestStretch(drafts, book.metadata.language);
    if (split) {
      drafts = split.drafts;
      warnings.push(split.warning);
    }
  }

  return { ...book.metadata, chapters: toChapters(drafts), warnings };
}

/** A part that encloses every chapter (a sample holding one section of a book) says nothing. */
function toChapters(drafts: Draft[]): ParsedChapter[] {
  const bodies = drafts.filter((draft) => draft.kind === "body");
  const parts = new Set(bodies.map((draft) => draft.part));
  const universal = bodies.length > 1 && parts.size === 1 ? [...parts][0] : undefined;
  return drafts.map((draft) => ({
    title: draft.title,
    part: draft.part === universal ? null : draft.part,
    kind: draft.kind,
    text: draft.text,
    ...(draft.bodyOffset ? { bodyOffset: draft.bodyOffset } : {}),
  }));
}
