import { guessLanguage, languageCode } from "../language.js";
import type { ParsedBook } from "../types.js";
import { parseMarkdown } from "./markdown-blocks.js";
import {
  chapterLevels,
  chaptersFromBlocks,
  metadataHeading,
  type RenderedBlock,
} from "./markdown-chapters.js";
import { renderInline } from "./markdown-inline.js";
import { chaptersFromParagraphs } from "./paragraph-chapters.js";

/**
 * A Markdown book: chapters from its headings, or from heading-like paragraphs when the file
 * has too few headings (a text pasted into a .md file). Chapter text is rendered plain text.
 */
export function readMarkdown(source: string): ParsedBook {
  const document = parseMarkdown(source);
  const blocks: RenderedBlock[] = document.blocks.map((block) =>
    block.type === "heading"
      ? { type: "heading", level: block.level, text: renderInline(block.text) }
      : { type: "paragraph", text: block.raw ? block.text.trim() : renderInline(block.text) },
  );
  const rendered = blocks.filter((block) => block.type === "heading" || block.text !== "");
  const metadata = headingMetadata(rendered);
  const plain = rendered.map((block) => block.text).join("\n\n");
  const language = languageCode(document.language) ?? guessLanguage(plain);
  const levels = chapterLevels(rendered);
  const warnings: string[] = [];
  let title = document.title ?? metadata.title;
  let author = document.author ?? metadata.author;
  let chapters: ParsedBook["chapters"];
  if (levels) {
    chapters = chaptersFromBlocks(rendered, levels);
  } else {
    const paragraphs = rendered
      .filter((block) => block.type === "paragraph" || !metadataHeading(block.text))
      .map((block) => block.text);
    const found = chaptersFromParagraphs(paragraphs, { language });
    chapters = found.chapters;
    title ??= soleTopHeading(rendered) ?? found.title;
    author ??= found.author;
    warnings.push(
      "The Markdown file has too few headings to structure it; chapters were found from the text.",
    );
  }
  return { title, author, language, chapters, warnings };
}

function headingMetadata(blocks: RenderedBlock[]): { title: string | null; author: string | null } {
  let title: string | null = null;
  let author: string | null = null;
  for (const block of blocks) {
    if (block.type !== "heading") continue;
    const field = metadataHeading(block.text);
    if (field?.key === "title" && field.value !== "") title ??= field.value;
    if ((field?.key === "author" || field?.key === "by") && field.value !== "")
      author ??= field.value;
  }
  return { title, author };
}

function soleTopHeading(blocks: RenderedBlock[]): string | null {
  const top = blocks.filter(
    (block) => block.type === "heading" && block.level === 1 && block.text !== "",
  );
  return top.length === 1 ? (top[0]?.text ?? null) : null;
}
