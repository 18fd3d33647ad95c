import type { PDFDocumentProxy } from "unpdf/pdfjs";
import { matchHeading } from "../heading-patterns.js";
import { cleanLabel } from "./heading-text.js";

/** A bookmark that leads somewhere in the document. */
export interface OutlineNode {
  title: string;
  page: number;
  /** The destination's top edge in user space, when the bookmark gives one. */
  top: number | null;
  children: OutlineNode[];
}

type RawOutline = Awaited<ReturnType<PDFDocumentProxy["getOutline"]>>;

/**
 * Reads the bookmarks with every destination resolved to a page index. Bookmarks without a
 * destination in this document (web links, 'More free eBooks …' adverts) are dropped, and a
 * single top-level bookmark that merely wraps everything (the book's title) is unwrapped.
 */
export async function readOutline(
  pdf: PDFDocumentProxy,
): Promise<{ nodes: OutlineNode[]; wrapper: string | null }> {
  let raw: RawOutline;
  try {
    raw = await pdf.getOutline();
  } catch {
    return { nodes: [], wrapper: null };
  }
  const nodes = await resolveAll(pdf, raw ?? []);
  const only = nodes.length === 1 ? nodes[0] : undefined;
  if (only && only.children.length > 0) return { nodes: only.children, wrapper: only.title };
  return { nodes, wrapper: null };
}

async function resolveAll(pdf: PDFDocumentProxy, items: RawOutline): Promise<OutlineNode[]> {
  const nodes: OutlineNode[] = [];
  for (const item of items) {
    const children = await resolveAll(pdf, item.items ?? []);
    const target = await resolveDestination(pdf, item.dest);
    const title = cleanLabel(item.title ?? "");
    const first = children[0];
    if (target) nodes.push({ title, ...target, children });
    // A heading bookmark without its own target still groups the chapters under it.
    else if (first) nodes.push({ title, page: first.page, top: first.top, children });
  }
  return joinSplitLabels(nodes);
}

/**
 * Producers that bookmark every heading paragraph give a chapter set as two headings two
 * bookmarks: 'CHAPTER 1' and 'Loomings.' on the same page. A number-only bookmark without
 * children followed on its page by a sibling that is not a heading label of its own is one
 * chapter, labelled as the two lines print.
 */
export function joinSplitLabels(nodes: OutlineNode[]): OutlineNode[] {
  const joined: OutlineNode[] = [];
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index]!;
    const next = nodes[index + 1];
    const numberOnly = matchHeading(node.title)?.numberOnly === true;
    if (
      numberOnly &&
      node.children.length === 0 &&
      next?.page === node.page &&
      !matchHeading(next.title)
    ) {
      joined.push({ ...node, title: `${node.title} ${next.title}`, children: next.children });
      index++;
    } else joined.push(node);
  }
  return joined;
}

async function resolveDestination(
  pdf: PDFDocumentProxy,
  dest: string | unknown[] | null,
): Promise<{ page: number; top: number | null } | null> {
  try {
    const explicit = typeof dest === "string" ? await pdf.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || explicit.length === 0) return null;
    const [ref, mode] = explicit;
    const page =
      typeof ref === "number"
        ? ref
        : await pdf.getPageIndex(ref as Parameters<PDFDocumentProxy["getPageIndex"]>[0]);
    if (!Number.isInteger(page) || page < 0 || page >= pdf.numPages) return null;
    return { page, top: destinationTop(mode, explicit) };
  } catch {
    return null;
  }
}

/** XYZ gives [left, top, zoom]; FitH and FitBH give [top]. */
function destinationTop(mode: unknown, explicit: unknown[]): number | null {
  const name = (mode as { name?: string } | null)?.name;
  const value =
    name === "XYZ" ? explicit[3] : name === "FitH" || name === "FitBH" ? explicit[2] : null;
  return typeof value === "number" ? value : null;
}
