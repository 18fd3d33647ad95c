import { guessLanguage, languageCode } from "../language.js";
import type { ParsedBook } from "../types.js";
import { stripGutenberg } from "./gutenberg.js";
import { chaptersFromParagraphs } from "./paragraph-chapters.js";
import { textParagraphs } from "./txt-paragraphs.js";

/** A plain-text book: Gutenberg wrapping removed, then chapters found from the paragraphs. */
export function readPlainText(text: string): ParsedBook {
  const gutenberg = stripGutenberg(text);
  const language = languageCode(gutenberg.language) ?? guessLanguage(gutenberg.body);
  const paragraphs = textParagraphs(gutenberg.body);
  const found = chaptersFromParagraphs(paragraphs, { language });
  const warnings: string[] = [];
  const body = found.chapters.filter((chapter) => chapter.kind === "body");
  if (body.length === 1 && body[0]?.title === (found.title ?? "Text")) {
    warnings.push("No chapter headings were found, so the whole text is read as one chapter.");
  }
  return {
    title: gutenberg.title ?? found.title,
    author: gutenberg.author ?? found.author,
    language,
    chapters: found.chapters,
    warnings,
  };
}
