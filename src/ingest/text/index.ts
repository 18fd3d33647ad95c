import type { ParsedBook, ReadContext } from "../types.js";
import { decodeText } from "./decode.js";
import { readMarkdown } from "./markdown.js";
import { readPlainText } from "./txt.js";

/** Reads a plain-text or Markdown book (any common encoding) into chapters. */
export async function readText(
  buffer: Buffer,
  format: "txt" | "md",
  _context: ReadContext,
): Promise<ParsedBook> {
  const { text } = decodeText(buffer);
  return format === "md" ? readMarkdown(text) : readPlainText(text);
}
