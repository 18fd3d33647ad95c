import { describe, expect, it } from "vitest";
import { decodeText } from "./decode.js";

const sample = "“Señor”, dijo él — café.";

function utf16(text: string, littleEndian: boolean): Buffer {
  const bytes = Buffer.from(text, "utf16le");
  if (!littleEndian) bytes.swap16();
  return bytes;
}

describe("decodeText", () => {
  it("reads UTF-8 with and without a byte-order mark, dropping the mark", () => {
    expect(
      decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)])),
    ).toEqual({ text: sample, encoding: "utf-8" });
    expect(decodeText(Buffer.from(sample))).toEqual({ text: sample, encoding: "utf-8" });
  });

  it("reads UTF-16 in both byte orders, with a mark or without", () => {
    const text = "Chapter 1\nIt was a dark night, “she said”.";
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16(text, true)]))).toEqual({
      text,
      encoding: "utf-16le",
    });
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16(text, false)]))).toEqual({
      text,
      encoding: "utf-16be",
    });
    expect(decodeText(utf16(text, true))).toEqual({ text, encoding: "utf-16le" });
    expect(decodeText(utf16(text, false))).toEqual({ text, encoding: "utf-16be" });
  });

  it("falls back to Windows-1252 for bytes that are not UTF-8 (Latin-1 and curly quotes)", () => {
    const latin1 = Buffer.from([
      0x43, 0x61, 0x70, 0xed, 0x74, 0x75, 0x6c, 0x6f, 0x20, 0x93, 0x73, 0xed, 0x94,
    ]);
    expect(decodeText(latin1)).toEqual({ text: "Capítulo “sí”", encoding: "windows-1252" });
  });
});
