import type { PDFDocumentProxy } from "unpdf/pdfjs";
import { litinkError } from "../../errors/catalog.js";
import { type GlyphRun, pageLines } from "./page-lines.js";
import type { TextLine } from "./text-line.js";

/** Opens a PDF with pdf.js (loaded on first use); anything pdf.js refuses is `PdfUnreadable`. */
export async function openPdf(buffer: Buffer, file: string): Promise<PDFDocumentProxy> {
  const { getDocumentProxy } = await import("unpdf");
  try {
    // pdf.js takes ownership of the bytes it is given, so it gets a copy.
    return await getDocumentProxy(new Uint8Array(buffer), { verbosity: 0, stopAtErrors: false });
  } catch (error) {
    throw litinkError("PdfUnreadable", { file, detail: describeOpenError(error) }, error);
  }
}

function describeOpenError(error: unknown): string {
  const name = (error as { name?: string } | null)?.name ?? "";
  if (name === "PasswordException") return "it is protected by a password";
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\.$/, "") || "pdf.js could not parse it";
}

/** Every page's lines; a page whose content stream is damaged counts as empty and is reported. */
export async function readPages(
  pdf: PDFDocumentProxy,
): Promise<{ pages: TextLine[][]; damaged: number[] }> {
  const pages: TextLine[][] = [];
  const damaged: number[] = [];
  for (let index = 0; index < pdf.numPages; index++) {
    try {
      const page = await pdf.getPage(index + 1);
      const content = await page.getTextContent();
      const runs = content.items.filter(
        (item): item is GlyphRun & (typeof content.items)[number] => "str" in item,
      );
      pages.push(pageLines(runs, index));
      page.cleanup();
    } catch {
      pages.push([]);
      damaged.push(index + 1);
    }
  }
  return { pages, damaged };
}

/** Letters, digits and punctuation on all pages together. */
export function countTextCharacters(pages: readonly TextLine[][]): number {
  let count = 0;
  for (const lines of pages)
    for (const line of lines) count += line.text.replace(/\s+/g, "").length;
  return count;
}
