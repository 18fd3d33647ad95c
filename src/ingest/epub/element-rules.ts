/**
 * Which XHTML elements carry prose. Everything here is decided from one element's name and
 * attributes, so the block extractor can stream.
 */

const words = (list: string) => new Set(list.split(" "));

/** Never text to narrate: metadata, scripts, ruby readings, media, form controls, captions. */
const SKIPPED_ELEMENTS = words(
  "head script style title rt rp noscript template svg math object audio video iframe button select textarea figcaption",
);
/** Elements that end the running paragraph when they open or close. */
const BLOCK_ELEMENTS = words(
  "html body p div li dt dd blockquote section article header footer aside nav figure table tr td th caption pre hr address main ul ol dl hgroup center details summary fieldset form tbody thead tfoot h1 h2 h3 h4 h5 h6",
);
/** Page numbers and note references are apparatus, not prose. */
const SKIPPED_TYPES = words("pagebreak doc-pagebreak noteref doc-noteref backlink doc-backlink");
/** Notes placed in the flow of the text (an `aside`) interrupt it; whole note sections are kept. */
const NOTE_TYPES = words("footnote doc-footnote endnote doc-endnote rearnote note annotation");
/** Page-number spans and illustration captions by their usual class names. */
const SKIPPED_CLASSES = /(^|\s)(pageno|pagenum|page-?number|x-ebookmaker-pageno|caption)(\s|$)/i;
/** Project Gutenberg's header (title, credits, START line) and footer (END line, licence). */
const BOILERPLATE_IDS = words("pg-header pg-footer");
const BOILERPLATE_CLASS = /(^|\s)pg-boilerplate(\s|$)/;
/** What a note reference looks like once its markup is gone: 12, [3], (a), *, †. */
const NOTE_MARKER = /^[[(]?\s*(\d{1,3}|[*†‡§¶]+|[a-z])\s*[\])]?$/i;

export function isSkipped(
  name: string,
  attributes: Record<string, string>,
  types: string[],
): boolean {
  return (
    SKIPPED_ELEMENTS.has(name) ||
    "hidden" in attributes ||
    types.some((type) => SKIPPED_TYPES.has(type)) ||
    (name === "aside" && types.some((type) => NOTE_TYPES.has(type))) ||
    SKIPPED_CLASSES.test(attributes.class ?? "")
  );
}

export function isBlockElement(name: string): boolean {
  return BLOCK_ELEMENTS.has(name);
}

/** 1–6 for h1–h6, else 0. */
export function headingLevel(name: string): number {
  return /^h[1-6]$/.test(name) ? Number(name[1]) : 0;
}

export function isBoilerplate(attributes: Record<string, string>): boolean {
  return BOILERPLATE_IDS.has(attributes.id ?? "") || BOILERPLATE_CLASS.test(attributes.class ?? "");
}

/** A superscript or in-page link whose whole text is a note number. */
export function isNoteMarker(text: string): boolean {
  return NOTE_MARKER.test(text.trim());
}

export function isInternalHref(href: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(href);
}
