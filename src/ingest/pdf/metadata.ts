import type { PDFDocumentProxy } from "unpdf/pdfjs";
import { isHeadingLine, type TextLine } from "./text-line.js";

export interface PdfMetadata {
  title: string | null;
  author: string | null;
  language: string | null;
}

/**
 * Title, author and language from the document information dictionary, then XMP. Producer
 * leftovers ('Microsoft Word - book.doc', 'untitled') do not count as titles; the first
 * page's largest line stands in for a missing title.
 */
export async function readMetadata(
  pdf: PDFDocumentProxy,
  firstPage: readonly TextLine[],
  bodySize: number,
): Promise<PdfMetadata> {
  let info: Record<string, unknown> = {};
  let xmp: { get(name: string): unknown } | null = null;
  try {
    const meta = await pdf.getMetadata();
    info = (meta.info ?? {}) as Record<string, unknown>;
    xmp = meta.metadata ?? null;
  } catch {
    // Broken metadata must not stop a readable book.
  }
  const pick = (...values: unknown[]): string | null => {
    for (const value of values) {
      const text = Array.isArray(value) ? value.join(", ") : value;
      if (typeof text === "string" && text.trim() !== "") return text.replace(/\s+/g, " ").trim();
    }
    return null;
  };
  const title =
    sensibleTitle(pick(info.Title, xmp?.get("dc:title"))) ?? largestLine(firstPage, bodySize);
  return {
    title,
    author: pick(info.Author, xmp?.get("dc:creator")),
    language: pick(info.Language, xmp?.get("dc:language")),
  };
}

function sensibleTitle(title: string | null): string | null {
  if (!title) return null;
  const clean = title
    .replace(/^microsoft (word|powerpoint) - /i, "")
    .replace(/\.(docx?|rtf|odt|txt|indd|tex)$/i, "")
    .trim();
  if (clean === "" || /^(untitled|unknown|document\d*|title)$/i.test(clean)) return null;
  return clean;
}

function largestLine(lines: readonly TextLine[], bodySize: number): string | null {
  const headings = lines.filter((line) => isHeadingLine(line, bodySize));
  if (headings.length === 0) return null;
  const size = Math.max(...headings.map((line) => line.size));
  return (
    headings
      .filter((line) => line.size === size)
      .map((line) => line.text)
      .join(" ") || null
  );
}
