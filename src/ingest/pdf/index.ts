import type { ParsedBook, ReadContext } from "../types.js";

export async function readPdf(_buffer: Buffer, _context: ReadContext): Promise<ParsedBook> {
  throw new Error("PDF reader not implemented yet");
}
