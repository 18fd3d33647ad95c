import type { ParsedBook, ReadContext } from "../types.js";

export async function readText(_buffer: Buffer, _format: "txt" | "md", _context: ReadContext): Promise<ParsedBook> {
  throw new Error("text reader not implemented yet");
}
