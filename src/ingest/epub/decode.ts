import type { ZipArchive } from "../zip.js";

/** Text of an XML/XHTML file in the package, honouring a declared encoding (see `../encoding.ts`). */
export async function readDocument(zip: ZipArchive, path: string): Promise<string> {
  return zip.readText(path);
}
