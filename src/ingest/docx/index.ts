import { chaptersFromParagraphs } from "../text/paragraph-chapters.js";
import type { ParsedBook, ReadContext } from "../types.js";
import type { ZipArchive } from "../zip.js";
import { docxToHtml } from "./convert.js";
import { chaptersFromHeadings } from "./heading-chapters.js";
import { htmlBlocks } from "./html-blocks.js";
import { checkMainPart } from "./main-part.js";
import { readMetadata } from "./metadata.js";

/**
 * Reads a Word document: heading styles give the chapters when they outline any; a
 * document without them goes through the plain-text chapter rules. Images are dropped,
 * footnotes and endnotes become a closing 'Notes' chapter.
 */
export async function readDocx(
  buffer: Buffer,
  zip: ZipArchive,
  context: ReadContext,
): Promise<ParsedBook> {
  await checkMainPart(zip, context.file);
  const { html, warnings } = await docxToHtml(buffer, context.file);
  const { blocks, notes } = htmlBlocks(html);
  const metadata = await readMetadata(zip, blocks);

  // Only a stated title marks a heading as the title page: the first heading of a story
  // collection without one is the first story, though it also names the book.
  let chapters = chaptersFromHeadings(blocks, metadata.statedTitle);
  let { title, author } = metadata;
  if (!chapters) {
    const found = chaptersFromParagraphs(
      blocks.map((block) => block.text),
      { language: metadata.language },
    );
    chapters = found.chapters;
    title ??= found.title;
    author ??= found.author;
  }
  if (notes.length > 0)
    chapters.push({ title: "Notes", part: null, kind: "back", text: notes.join("\n\n") });
  return { title, author, language: metadata.language, chapters, warnings };
}
