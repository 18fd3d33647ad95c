/**
 * Project Gutenberg wrapping: the header (with Title/Author/Language lines) before the
 * "*** START OF …" marker and the footer and licence from the "*** END OF …" marker (or the
 * "End of the Project Gutenberg EBook of …" line before it) onwards. Markers vary across
 * the years: THIS/THE, EBOOK/EBook/Etext, with or without spaces, and the 1990s
 * "*END*THE SMALL PRINT!" line.
 */
export interface GutenbergText {
  /** The book without header and footer (the whole text when no markers were found). */
  body: string;
  title: string | null;
  author: string | null;
  /** The language as the header names it ("English"), not yet a code. */
  language: string | null;
}

const START_MARKERS = [
  /^\W{0,5}\*+\s*START OF (?:THE|THIS) PROJECT GUTENBERG/i,
  /^\W{0,5}\*+\s*START OF THE PROJECT GUTENBERG/i,
  /^\s*\*END\*THE SMALL PRINT/i,
];
const END_MARKERS = [
  /^\W{0,5}\*+\s*END OF (?:THE|THIS) PROJECT GUTENBERG/i,
  /^\s*End of (?:the |this )?Project Gutenberg(?:'s|’s)?\b/i,
  /^\W{0,5}\*+\s*START: FULL LICENSE/i,
];
const FIELD = /^(Title|Author|Language)\s*:\s*(.*)$/i;
/** The first line of every header, the only place 1990s files name the book and author. */
const BANNER =
  /^\W*(?:The )?Project Gutenberg(?:'s|’s)?\s+(?:(?:E-?Book|Etext|eBook)\s+of\s+)?(.+?),\s+by\s+(.+?)\W*$/i;
/** Only the first lines can hold a header; a marker deep in a book is quoted text. */
const HEADER_LINES = 400;

export function stripGutenberg(text: string): GutenbergText {
  const lines = text.split("\n");
  const start = findLine(lines, START_MARKERS, 0, Math.min(lines.length, HEADER_LINES));
  const from = start === -1 ? 0 : start + 1;
  const end = findLine(lines, END_MARKERS, from, lines.length);
  const header = start === -1 ? [] : lines.slice(0, start);
  const fields = headerFields(header);
  const named = bannerLine(header);
  return {
    body: lines.slice(from, end === -1 ? lines.length : end).join("\n"),
    title: fields.get("title") ?? named?.title ?? null,
    author: fields.get("author") ?? named?.author ?? null,
    language: fields.get("language") ?? null,
  };
}

function findLine(lines: string[], patterns: RegExp[], from: number, to: number): number {
  for (let index = from; index < to; index++) {
    const line = lines[index] ?? "";
    if (line.length < 200 && patterns.some((pattern) => pattern.test(line))) return index;
  }
  return -1;
}

/** Header fields; a value may wrap onto indented continuation lines. */
function headerFields(header: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  header.forEach((line, index) => {
    const match = FIELD.exec(line.trim());
    if (!match) return;
    const key = (match[1] ?? "").toLowerCase();
    if (fields.has(key)) return;
    let value = match[2] ?? "";
    for (let next = index + 1; next < header.length; next++) {
      const continuation = header[next] ?? "";
      if (!/^\s+\S/.test(continuation)) break;
      value = joinContinuation(value, continuation.trim());
    }
    const clean = value.replace(/\s+/g, " ").trim();
    if (clean !== "") fields.set(key, clean);
  });
  return fields;
}

/**
 * A wrapped value runs on after a comma or a lowercase start ("or, the Modern Prometheus");
 * otherwise the indented line is a subtitle ("A Christmas Carol" / "A Ghost Story of Christmas").
 */
function joinContinuation(value: string, continuation: string): string {
  if (value === "") return continuation;
  const runsOn = /[,;:\-–—]$/.test(value) || !/^[\p{Lu}\d"“‘'(]/u.test(continuation);
  return runsOn ? `${value} ${continuation}` : `${value}: ${continuation}`;
}

function bannerLine(header: string[]): { title: string; author: string } | null {
  for (const line of header.slice(0, 10)) {
    const match = BANNER.exec(line.trim());
    if (match) return { title: (match[1] ?? "").trim(), author: (match[2] ?? "").trim() };
  }
  return null;
}
