import type { ZipArchive } from "../zip.js";

/**
 * Text of an XML/XHTML file. UTF-8 and UTF-16 are the EPUB rule, but older EPUB 2 files
 * declare other encodings (ISO-8859-1, Windows-1252, Shift_JIS) in the XML declaration or a
 * `<meta charset>`; those are honoured when the runtime knows them.
 */
export function decodeDocument(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const label = declaredEncoding(bytes.subarray(0, 1024).toString("latin1"));
  if (label && !/^utf-?8$/i.test(label)) {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // An unknown label: fall through to UTF-8, which the EPUB specification requires anyway.
    }
  }
  return new TextDecoder("utf-8").decode(bytes);
}

function declaredEncoding(head: string): string | null {
  const declaration = /<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (declaration) return declaration[1] ?? null;
  const meta = /<meta[^>]*\bcharset\s*=\s*["']?([\w:.-]+)/i.exec(head);
  return meta?.[1] ?? null;
}

export async function readDocument(zip: ZipArchive, path: string): Promise<string> {
  return decodeDocument(await zip.read(path));
}
