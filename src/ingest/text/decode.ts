/**
 * Bytes to text for plain-text books: a byte-order mark decides; otherwise UTF-16 is
 * recognised by its zero bytes, valid UTF-8 is UTF-8, and anything else is read as
 * Windows-1252 (a superset of Latin-1 that also covers the curly quotes of old Windows files).
 */
export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

export function decodeText(buffer: Uint8Array): DecodedText {
  const encoding = detectEncoding(buffer);
  const bytes = buffer.subarray(bomLength(buffer));
  const text =
    encoding === "windows-1252"
      ? decodeWindows1252(bytes)
      : new TextDecoder(encoding).decode(bytes);
  return { text: text.replace(/^\ufeff/, ""), encoding };
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

export function detectEncoding(buffer: Uint8Array): TextEncoding {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return "utf-8";
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return "utf-16le";
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return "utf-16be";
  const utf16 = utf16WithoutBom(buffer);
  if (utf16) return utf16;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(buffer);
    return "utf-8";
  } catch {
    return "windows-1252";
  }
}

function bomLength(buffer: Uint8Array): number {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return 3;
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff))
    return 2;
  return 0;
}

/**
 * Text in a Latin or similar script stored as UTF-16 has a zero in every other byte: in the
 * high byte (odd positions) for little-endian, the even positions for big-endian.
 */
function utf16WithoutBom(buffer: Uint8Array): TextEncoding | null {
  const sample = Math.min(buffer.length - (buffer.length % 2), 4096);
  if (sample < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let position = 0; position < sample; position += 2) {
    if (buffer[position] === 0) evenZeros++;
    if (buffer[position + 1] === 0) oddZeros++;
  }
  const pairs = sample / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return "utf-16le";
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return "utf-16be";
  return null;
}
