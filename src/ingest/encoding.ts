/**
 * Bytes to text, shared by every reader: byte-order marks, UTF-16 without a BOM (in any
 * script), a declared encoding in XML/HTML, and Windows-1252 for old 8-bit files.
 */
export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export function byteOrderMark(
  bytes: Uint8Array,
): { encoding: TextEncoding; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { encoding: "utf-8", length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  return null;
}

const SAMPLE_BYTES = 64 * 1024;

/**
 * UTF-16 text has zero bytes on one parity only: every ASCII character (spaces, newlines,
 * punctuation) puts a zero in its high byte, whatever the script of the rest. A candidate
 * must also decode to plausible text: almost no control characters, no broken surrogates.
 * Binary data has zeros on both parities; 8-bit text has none.
 */
export function utf16WithoutBom(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const length = Math.min(bytes.length, SAMPLE_BYTES) & ~1;
  if (length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let position = 0; position < length; position += 2) {
    if (bytes[position] === 0) evenZeros++;
    if (bytes[position + 1] === 0) oddZeros++;
  }
  // CJK characters at U+xx00 put a few zeros on the other parity too, hence a ratio.
  const candidate =
    oddZeros >= 2 && oddZeros > 4 * evenZeros
      ? "utf-16le"
      : evenZeros >= 2 && evenZeros > 4 * oddZeros
        ? "utf-16be"
        : null;
  if (!candidate) return null;
  return plausibleUtf16(bytes.subarray(0, length), candidate) ? candidate : null;
}

function plausibleUtf16(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): boolean {
  const pairs = bytes.length / 2;
  let suspicious = 0;
  let expectLow = false;
  for (let pair = 0; pair < pairs; pair++) {
    const first = bytes[pair * 2]!;
    const second = bytes[pair * 2 + 1]!;
    const unit = encoding === "utf-16le" ? first | (second << 8) : (first << 8) | second;
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const isLow = unit >= 0xdc00 && unit <= 0xdfff;
    if (expectLow !== isLow && pair < pairs - 1) return false; // a broken surrogate pair
    expectLow = isHigh;
    const control = unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d && unit !== 0x0c;
    if (control || unit === 0xfffe || unit === 0xffff || (unit >= 0x7f && unit < 0xa0))
      suspicious++;
  }
  return suspicious <= pairs * 0.01;
}

/** Plain text: a BOM decides, then UTF-16 without one, then strict UTF-8, else Windows-1252. */
export function detectTextEncoding(bytes: Uint8Array): TextEncoding {
  const mark = byteOrderMark(bytes);
  if (mark) return mark.encoding;
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return utf16;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return "utf-8";
  } catch {
    return "windows-1252";
  }
}

export function decodeAs(bytes: Uint8Array, encoding: TextEncoding): string {
  const body = bytes.subarray(
    byteOrderMark(bytes)?.encoding === encoding ? byteOrderMark(bytes)!.length : 0,
  );
  return encoding === "windows-1252"
    ? decodeWindows1252(body)
    : new TextDecoder(encoding).decode(body);
}

/** Windows-1252 bytes 0x80–0x9F; the holes (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as they are. */
const WINDOWS_1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/**
 * Node 20's TextDecoder("windows-1252") decodes 0x80–0x9F as C1 control characters, which
 * would lose the curly quotes and dashes of old Windows files, so that range is mapped here.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString("latin1")
    .replace(/[\u0080-\u009f]/g, (character) =>
      WINDOWS_1252_HIGH.charAt(character.charCodeAt(0) - 0x80),
    );
}

/**
 * XML/XHTML (EPUB, DOCX parts): a BOM, else the encoding the document declares (older EPUB 2
 * files use ISO-8859-1 or Shift_JIS) when the runtime knows it, else UTF-8 as the specs require.
 */
export function decodeMarkup(bytes: Uint8Array): string {
  const mark = byteOrderMark(bytes);
  if (mark) return new TextDecoder(mark.encoding).decode(bytes.subarray(mark.length));
  const head = Buffer.from(
    bytes.buffer,
    bytes.byteOffset,
    Math.min(bytes.byteLength, 1024),
  ).toString("latin1");
  const label = declaredEncoding(head);
  if (label && !/^utf-?8$/i.test(label)) {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // An unknown label: fall through to UTF-8.
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
