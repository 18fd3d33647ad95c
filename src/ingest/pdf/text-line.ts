/** One printed line of a page, rebuilt from pdf.js text items. */
export interface TextLine {
  /** Zero-based page index. */
  page: number;
  /** Left edge and baseline in PDF user space (y grows upwards). */
  x: number;
  y: number;
  /** Right edge of the last glyph run. */
  right: number;
  /** Font size of the line's dominant run, in points. */
  size: number;
  text: string;
}

/** The text layer of a whole document, after running headers and noise are gone. */
export interface PdfLayout {
  pages: TextLine[][];
  /** The font size that carries most characters: the body text size. */
  bodySize: number;
  /** Typical baseline distance divided by font size for body lines. */
  leading: number;
  /** The usual first-line paragraph indent in points, or null when paragraphs are not indented. */
  indent: number | null;
}

/** A line set noticeably larger than the body text: a heading (or a drop cap). */
export function isHeadingLine(line: TextLine, bodySize: number): boolean {
  return line.size >= bodySize * 1.1;
}

/** Letters and digits only, lower-cased: for comparing headings that differ in spacing or quotes. */
export function compact(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}
