import type { ParsedBook, ReadContext } from "../types.js";
import type { ZipArchive } from "../zip.js";

export async function readDocx(_buffer: Buffer, _zip: ZipArchive, _context: ReadContext): Promise<ParsedBook> {
  throw new Error("DOCX reader not implemented yet");
}
