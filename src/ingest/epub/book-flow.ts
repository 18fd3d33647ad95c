import type { ZipArchive } from "../zip.js";
import { type Block, extractBlocks } from "./content-blocks.js";
import { readDocument } from "./decode.js";
import type { SpineItem } from "./package-document.js";
import type { Target } from "./paths.js";

/**
 * The whole book as one sequence of blocks in spine order. Positions are indexes into
 * `blocks`; a chapter is a range of positions.
 */
export interface BookFlow {
  blocks: FlowBlock[];
  documents: FlowDocument[];
  /** Position of a TOC/landmark target; null when its document or fragment is missing. */
  locate(target: Target): number | null;
  documentOf(path: string): FlowDocument | null;
}

export interface FlowBlock extends Block {
  /** Index into `documents`. */
  document: number;
}

export interface FlowDocument {
  path: string;
  linear: boolean;
  /** First position of the document; `end` is one past its last. */
  start: number;
  end: number;
  anchors: Map<string, number>;
}

const TEXT_TYPES = new Set([
  "application/xhtml+xml",
  "text/html",
  "application/xml",
  "text/xml",
  "application/x-dtbook+xml",
]);
/** Project Gutenberg banners: the licence starts at the END line, the book after the START line. */
const GUTENBERG_START = /^\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG/i;
const GUTENBERG_END = /^\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG/i;

export async function readBookFlow(zip: ZipArchive, spine: SpineItem[]): Promise<BookFlow> {
  const blocks: FlowBlock[] = [];
  const documents: FlowDocument[] = [];
  for (const item of spine) {
    // Image and SVG spine items carry no text to narrate.
    if (!TEXT_TYPES.has(item.mediaType) && !/\.x?html?$/i.test(item.path)) continue;
    if (documents.some((document) => document.path === item.path)) continue;
    const content = extractBlocks(await readDocument(zip, item.path));
    const start = blocks.length;
    const index = documents.length;
    for (const block of content.blocks) blocks.push({ ...block, document: index });
    const anchors = new Map<string, number>();
    for (const [id, position] of content.anchors) anchors.set(id, start + position);
    documents.push({ path: item.path, linear: item.linear, start, end: blocks.length, anchors });
  }
  markGutenbergBanners(blocks, documents);

  const byPath = new Map(documents.map((document) => [document.path, document]));
  return {
    blocks,
    documents,
    documentOf: (path) => byPath.get(path) ?? null,
    locate(target) {
      const document = byPath.get(target.path);
      if (!document) return null;
      if (target.fragment === null) return document.start;
      return document.anchors.get(target.fragment) ?? null;
    },
  };
}

/** Older Gutenberg files mark their header and licence only by these lines of text. */
function markGutenbergBanners(blocks: FlowBlock[], documents: FlowDocument[]): void {
  const startLine = blocks.findIndex((block) => GUTENBERG_START.test(block.text));
  if (startLine !== -1) {
    const first = documents[blocks[startLine]!.document]!.start;
    for (let position = first; position <= startLine; position++)
      blocks[position]!.boilerplate = true;
  }
  const endLine = blocks.findIndex((block) => GUTENBERG_END.test(block.text));
  if (endLine !== -1) {
    for (let position = endLine; position < blocks.length; position++)
      blocks[position]!.boilerplate = true;
  }
}
