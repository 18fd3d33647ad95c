import { extname } from "node:path";
import { byteOrderMark, utf16WithoutBom } from "./encoding.js";
import type { BookFormat } from "./types.js";

export type Sniffed =
  | { kind: "zip" }
  | { kind: "pdf" }
  | { kind: "text"; format: Extract<BookFormat, "txt" | "md"> }
  | { kind: "unknown"; detail: string };

const SIGNATURES: Array<{ bytes: number[]; offset?: number; detail: string }> = [
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    detail: "it is a legacy Office (OLE2) file such as a .doc; save it as .docx",
  },
  { bytes: [0x89, 0x50, 0x4e, 0x47], detail: "it is a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], detail: "it is a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], detail: "it is a GIF image" },
  { bytes: [0x1f, 0x8b], detail: "it is gzip-compressed; unpack it first" },
  { bytes: [0x52, 0x61, 0x72, 0x21], detail: "it is a RAR archive" },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], detail: "it is a 7-Zip archive" },
  {
    bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66],
    detail: "it is an RTF document; save it as .docx or .txt",
  },
  {
    bytes: [0x42, 0x4f, 0x4f, 0x4b, 0x4d, 0x4f, 0x42, 0x49],
    offset: 60,
    detail: "it is a Kindle/MOBI book; convert it to EPUB (e.g. with Calibre)",
  },
];

/**
 * Decides the container by magic bytes first; the extension only separates Markdown from
 * plain text, which no magic number can.
 */
export function sniff(bytes: Uint8Array, path: string): Sniffed {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return { kind: "zip" };
  }
  if (isPdf(bytes)) return { kind: "pdf" };
  for (const signature of SIGNATURES) {
    if (startsWith(bytes.subarray(signature.offset ?? 0), signature.bytes)) {
      return { kind: "unknown", detail: signature.detail };
    }
  }
  if (looksBinary(bytes)) return { kind: "unknown", detail: "it contains binary data, not text" };
  const extension = extname(path).toLowerCase();
  if ([".md", ".markdown", ".mdown", ".mkd"].includes(extension))
    return { kind: "text", format: "md" };
  return { kind: "text", format: "txt" };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((value, position) => bytes[position] === value);
}

/**
 * PDF allows junk before the header within the first 1 KB (some producers prepend a binary
 * wrapper); a text file that merely mentions "%PDF-" is not a PDF.
 */
function isPdf(bytes: Uint8Array): boolean {
  const at = indexOfAscii(bytes.subarray(0, 1024), "%PDF-");
  if (at < 0) return false;
  return at === 0 || bytes.subarray(0, at).some((byte) => byte < 9 || (byte > 13 && byte < 32));
}

function indexOfAscii(bytes: Uint8Array, text: string): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(text, 0, "latin1");
}

/**
 * Text has almost no control bytes. UTF-16 text has zero bytes, so it is recognised first
 * (by a BOM, or by zeros on one byte parity that decode to plausible text).
 */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  if (byteOrderMark(sample) || utf16WithoutBom(bytes)) return false;
  let zeros = 0;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) zeros++;
    else if (byte < 9 || (byte > 13 && byte < 32 && byte !== 27)) control++;
  }
  return zeros > 0 || control > sample.length * 0.02;
}
