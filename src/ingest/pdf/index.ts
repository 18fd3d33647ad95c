import { litinkError } from "../../errors/catalog.js";
import type { ParsedBook, ReadContext } from "../types.js";
import { chaptersWithoutOutline } from "./heading-chapters.js";
import { Vocabulary } from "./hyphenation.js";
import { countTextCharacters, openPdf, readPages } from "./load-document.js";
import { readMetadata } from "./metadata.js";
import { readOutline } from "./outline.js";
import { outlineBoundaries } from "./outline-chapters.js";
import type { ParagraphOptions } from "./paragraphs.js";
import { cleanLayout } from "./running-lines.js";
import { chaptersFromBoundaries, frontMatterBoundary } from "./sections.js";

/** Below this many characters per page on average, the text layer is only stray marks. */
const MIN_CHARACTERS_PER_PAGE = 16;

/**
 * Reads a PDF's text layer into chapters: bookmarks give the chapters when there are any,
 * large-type numbered headings otherwise, the plain-text rules last. Scanned PDFs (no text
 * layer) are refused: OCR is out of scope.
 */
export async function readPdf(buffer: Buffer, context: ReadContext): Promise<ParsedBook> {
  const pdf = await openPdf(buffer, context.file);
  try {
    const warnings: string[] = [];
    const { pages, damaged } = await readPages(pdf);
    if (damaged.length > 0)
      warnings.push(`Pages ${damaged.join(", ")} could not be read and were skipped.`);
    const characters = countTextCharacters(pages);
    if (characters === 0 || characters / Math.max(pdf.numPages, 1) < MIN_CHARACTERS_PER_PAGE) {
      throw litinkError("PdfNoText", { file: context.file });
    }

    const layout = cleanLayout(pages);
    const lines = layout.pages.flat();
    const vocabulary = new Vocabulary();
    for (const line of lines) vocabulary.addLine(line.text);
    const { bodySize, leading, indent } = layout;
    const options: ParagraphOptions = { bodySize, leading, indent, vocabulary };
    const metadata = await readMetadata(pdf, layout.pages[0] ?? [], layout.bodySize);

    const outline = await readOutline(pdf);
    const boundaries = outlineBoundaries(outline.nodes, layout, lines);
    if (boundaries.filter((boundary) => boundary.kind === "body").length >= 2) {
      const first = Math.min(...boundaries.map((boundary) => boundary.start));
      const front = frontMatterBoundary(
        lines,
        first,
        layout.bodySize,
        metadata.title ?? outline.wrapper,
      );
      const chapters = chaptersFromBoundaries(
        lines,
        front ? [front, ...boundaries] : boundaries,
        options,
      );
      return {
        title: metadata.title ?? outline.wrapper,
        author: metadata.author,
        language: metadata.language,
        chapters,
        warnings,
      };
    }

    if (outline.nodes.length > 0)
      warnings.push(
        "The PDF's bookmarks do not outline chapters; chapters were found from headings.",
      );
    const found = chaptersWithoutOutline(lines, options, metadata.language);
    return {
      title: metadata.title ?? found.title,
      author: metadata.author ?? found.author,
      language: metadata.language,
      chapters: found.chapters,
      warnings,
    };
  } finally {
    await pdf.destroy();
  }
}
