import { describe, expect, it } from "vitest";
import { decodeMarkup, detectTextEncoding, utf16WithoutBom } from "../../src/ingest/encoding.js";

function utf16(text: string, littleEndian: boolean): Buffer {
  const bytes = Buffer.from(text, "utf16le");
  if (!littleEndian) bytes.swap16();
  return bytes;
}

const russian =
  "Глава первая\n\nВсе счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива по-своему.\n";
const japanese =
  "第一章\n\n山路を登りながら、こう考えた。\n智に働けば角が立つ。\n情に棹させば流される。\n意地を通せば窮屈だ。\n".repeat(
    3,
  );

describe("text encodings", () => {
  it("recognises UTF-16 without a byte-order mark in non-Latin scripts, both byte orders", () => {
    for (const text of [russian, japanese]) {
      expect(utf16WithoutBom(utf16(text, true))).toBe("utf-16le");
      expect(utf16WithoutBom(utf16(text, false))).toBe("utf-16be");
    }
  });

  it("does not take 8-bit text or binary data for UTF-16", () => {
    expect(utf16WithoutBom(Buffer.from("It was a dark and stormy night.\n", "utf8"))).toBeNull();
    expect(utf16WithoutBom(Buffer.from(russian, "utf8"))).toBeNull();
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, n) => (n * 7919) % 256));
    expect(utf16WithoutBom(binary)).toBeNull();
    expect(detectTextEncoding(Buffer.from(japanese, "utf8"))).toBe("utf-8");
  });

  it("honours a declared legacy encoding in markup, and a UTF-8 byte-order mark", () => {
    const latin1 = Buffer.from(
      `<?xml version="1.0" encoding="ISO-8859-1"?><p>caf\u00e9</p>`,
      "latin1",
    );
    expect(decodeMarkup(latin1)).toContain("café");
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<p>ü</p>", "utf8")]);
    expect(decodeMarkup(bom)).toBe("<p>ü</p>");
  });
});
