import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { isLitinkError, type LitinkError } from "../../src/errors/app-error.js";
import { classifyTitle, countWords, openingWords } from "../../src/ingest/chapters.js";
import { sniff } from "../../src/ingest/detect.js";
import { readBook } from "../../src/ingest/index.js";

const dir = mkdtempSync(join(tmpdir(), "litink-ingest-"));
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function rejection(path: string, limits = {}): Promise<LitinkError> {
  try {
    await readBook(path, { limits });
  } catch (error) {
    if (isLitinkError(error)) return error;
    throw error;
  }
  throw new Error(`expected ${path} to be rejected`);
}

const text = (value: string) => new TextEncoder().encode(value);

describe("format detection", () => {
  it("trusts magic bytes over the extension", () => {
    expect(sniff(text("%PDF-1.7\n"), "book.txt")).toEqual({ kind: "pdf" });
    expect(sniff(zipSync({ a: text("x") }), "book.pdf")).toEqual({ kind: "zip" });
    expect(sniff(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), "book.epub")).toMatchObject({
      kind: "unknown",
    });
    expect(sniff(text("# Title\n\nText"), "book.md")).toEqual({ kind: "text", format: "md" });
    expect(sniff(text("Plain"), "book")).toEqual({ kind: "text", format: "txt" });
  });

  it("does not take a text that mentions %PDF- for a PDF", () => {
    expect(
      sniff(text("# Formats\n\nA PDF file starts with %PDF-1.7 and then…"), "notes.md"),
    ).toEqual({
      kind: "text",
      format: "md",
    });
    expect(sniff(Uint8Array.from([0, 1, 2, ...text("%PDF-1.4\n")]), "wrapped.bin")).toEqual({
      kind: "pdf",
    });
  });

  it("tells binary data from UTF-16 text", () => {
    const utf16 = Buffer.from("Chapter One\n\nIt was a dark night.", "utf16le");
    expect(sniff(utf16, "book.txt")).toEqual({ kind: "text", format: "txt" });
    expect(sniff(Uint8Array.from([1, 2, 3, 0, 0, 7, 0, 200, 0, 3]), "book.txt")).toMatchObject({
      kind: "unknown",
    });
  });
});

describe("text encodings end to end", () => {
  it("reads a UTF-16LE Russian text without a byte-order mark", async () => {
    const body =
      "Глава первая\n\nВсе счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива по-своему.\n";
    const book = await readBook(file("anna.txt", Buffer.from(body, "utf16le")));
    expect(book.format).toBe("txt");
    expect(book.chapters.map((chapter) => chapter.text).join("\n")).toContain("счастливые семьи");
  });
});

describe("bad input", () => {
  it("missing, directory, empty and oversized files get 66/66/65/65", async () => {
    expect((await rejection(join(dir, "absent.epub"))).exitCode).toBe(66);
    mkdirSync(join(dir, "folder.epub"), { recursive: true });
    expect((await rejection(join(dir, "folder.epub"))).exitCode).toBe(66);
    expect(await rejection(file("empty.txt", ""))).toMatchObject({
      name: "EmptyFile",
      exitCode: 65,
    });
    const big = await rejection(file("big.txt", "x".repeat(2048)), { maxFileBytes: 1024 });
    expect(big).toMatchObject({ name: "FileTooLarge", exitCode: 65 });
  });

  it("refuses FIFOs and devices as not regular files (66) instead of hanging", async () => {
    const fifo = join(dir, "pipe.txt");
    execFileSync("mkfifo", [fifo]);
    expect(await rejection(fifo)).toMatchObject({ name: "FileUnreadable", exitCode: 66 });
    expect((await rejection("/dev/zero")).exitCode).toBe(66);
  });

  it("rejects a truncated zip as corrupt", async () => {
    const whole = zipSync({
      mimetype: text("application/epub+zip"),
      "META-INF/container.xml": text("<container/>".repeat(50)),
    });
    const error = await rejection(
      file("truncated.epub", whole.subarray(0, Math.floor(whole.length * 0.6))),
    );
    expect(error).toMatchObject({ name: "CorruptArchive", exitCode: 65 });
  });

  it("refuses entries that escape the archive without writing anything", async () => {
    const evil = zipSync({
      mimetype: text("application/epub+zip"),
      "../../evil.xhtml": text("<p>x</p>"),
    });
    expect(await rejection(file("traversal.epub", evil))).toMatchObject({
      name: "UnsafeArchivePath",
      exitCode: 65,
    });
    const absolute = zipSync({ mimetype: text("application/epub+zip"), "/etc/evil": text("x") });
    expect((await rejection(file("absolute.epub", absolute))).name).toBe("UnsafeArchivePath");
  });

  it("caps entry count, total size and compression ratio (zip bombs)", async () => {
    const bomb = zipSync(
      { mimetype: text("application/epub+zip"), "big.xhtml": new Uint8Array(20 * 1024 * 1024) },
      { level: 9 },
    );
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(await rejection(file("bomb.epub", bomb))).toMatchObject({
      name: "ArchiveTooLarge",
      exitCode: 65,
    });
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, n) => [`f${n}.txt`, text("x")]));
    expect((await rejection(file("many.epub", zipSync(many)), { maxZipEntries: 10 })).name).toBe(
      "ArchiveTooLarge",
    );
    const oneBigEntry = zipSync(
      {
        mimetype: text("application/epub+zip"),
        "a.xhtml": new Uint8Array(3 * 1024 * 1024).fill(65),
      },
      { level: 0 },
    );
    const entryError = await rejection(file("entry.epub", oneBigEntry), {
      maxEntryBytes: 1024 * 1024,
    });
    expect(entryError).toMatchObject({ name: "ArchiveTooLarge", exitCode: 65 });
    expect(entryError.message).toContain("per entry");
    const sized = zipSync({ a: new Uint8Array(3 * 1024 * 1024).fill(65) }, { level: 0 });
    expect(
      (await rejection(file("sized.epub", sized), { maxUnzippedBytes: 1024 * 1024 })).name,
    ).toBe("ArchiveTooLarge");
  });

  it("says what a zip that is neither EPUB nor DOCX is", async () => {
    const error = await rejection(file("photos.epub", zipSync({ "a.jpg": text("x") })));
    expect(error).toMatchObject({ name: "UnknownFormat", exitCode: 65 });
  });
});

describe("chapter rules", () => {
  it("opening words: 12 words, illustration blocks skipped, 25 characters for Japanese", () => {
    expect(
      openingWords(
        "[Illustration: A [small] picture\nover lines]\n\nOne two three four five six seven eight nine ten eleven twelve thirteen",
      ),
    ).toBe("One two three four five six seven eight nine ten eleven twelve");
    expect(
      openingWords("山路を登りながら、こう考えた。智に働けば角が立つ。情に棹させば流される。"),
    ).toBe("山路を登りながら、こう考えた。智に働けば角が立つ。");
  });

  it("counts words, one per CJK character", () => {
    expect(countWords("It was a  dark\nnight.")).toBe(5);
    expect(countWords("山路を登る")).toBe(5);
  });

  it("classifies front and back matter by title", () => {
    expect(classifyTitle("Table of Contents")).toBe("front");
    expect(classifyTitle("PREFACE.")).toBe("front");
    expect(classifyTitle("TRANSLATOR’S PREFACE")).toBe("front");
    expect(classifyTitle("PRÓLOGO AL LECTOR")).toBe("front");
    expect(classifyTitle("THE END")).toBe("back");
    expect(classifyTitle("Colophon")).toBe("back");
    expect(classifyTitle("Literaturverzeichnis")).toBe("back");
    expect(classifyTitle("Literarische Ergänzungen")).toBe("back");
    expect(classifyTitle("Bibliographie")).toBe("back");
    expect(classifyTitle("Apéndice")).toBe("back");
    expect(classifyTitle("Anhang")).toBe("back");
    expect(classifyTitle("Chapter 1. Loomings.")).toBeNull();
    expect(classifyTitle("The End of the Affair")).toBeNull();
  });
});
