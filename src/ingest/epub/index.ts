import type { ParsedBook, ReadContext } from "../types.js";
import type { ZipArchive } from "../zip.js";

export async function readEpub(_zip: ZipArchive, _context: ReadContext): Promise<ParsedBook> {
  throw new Error("EPUB reader not implemented yet");
}
