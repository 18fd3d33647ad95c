/**
 * Media type from a file's first bytes. CDNs often label generated files
 * `application/octet-stream` (or wrongly), and the bytes are what the renderer will read.
 */
export function sniffMediaType(bytes: Uint8Array): string | undefined {
  const ascii = (start: number, end: number) =>
    String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a") return "image/gif";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return "video/webm";
  if (ascii(4, 8) === "ftyp") {
    const brand = ascii(8, 12);
    if (brand === "avif" || brand === "avis") return "image/avif";
    if (brand === "qt  ") return "video/quicktime";
    return "video/mp4";
  }
  return undefined;
}

/**
 * `base64: true` requests make ModelsLab answer with base64 text (inline, or in a linked
 * `.base64` file) instead of the image; this returns the decoded bytes when the text is that.
 */
export function decodeBase64Media(text: string): Uint8Array | undefined {
  const payload = text.trim().replace(/^data:[^;,]*;base64,/i, "");
  if (payload.length < 8 || !/^[A-Za-z0-9+/=\r\n_-]+$/.test(payload)) return undefined;
  const bytes = Buffer.from(payload, "base64");
  return sniffMediaType(bytes) ? new Uint8Array(bytes) : undefined;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((value, index) => bytes[index] === value);
}
