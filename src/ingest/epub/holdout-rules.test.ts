import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { defaultIngestLimits, type ParsedBook } from "../types.js";
import { openZip } from "../zip.js";
import { segmentsFromToc } from "./chapter-level.js";
import { readEpub } from "./index.js";
import type { PlacedEntry } from "./toc-placement.js";

/** Rules found by reading books outside the corpus (Standard Ebooks, IDPF samples, EPUB 2 conversions). */

const page = (body: string) =>
  `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>t</title></head><body>${body}</body></html>`;
const words = (count: number, word = "story") => `<p>${`${word} `.repeat(count).trim()}.</p>`;

/** files: name → body markup, in spine order; "nav" is the nav document's toc list, if any. */
async function read(files: Array<[string, string, { linear?: boolean }?]>, toc?: string) {
  const items = files.map(
    ([name], index) => `<item id="i${index}" href="${name}" media-type="application/xhtml+xml"/>`,
  );
  const spine = files.map(
    ([, , options], index) =>
      `<itemref idref="i${index}"${options?.linear === false ? ' linear="no"' : ""}/>`,
  );
  const navItem = toc
    ? '<item id="nav" href="nav.xhtml" properties="nav" media-type="application/xhtml+xml"/>'
    : "";
  const zip: Record<string, Uint8Array> = {
    mimetype: strToU8("application/epub+zip"),
    "META-INF/container.xml": strToU8(
      '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
    ),
    "content.opf": strToU8(
      `<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Held Out</dc:title><dc:language>en</dc:language></metadata><manifest>${navItem}${items.join("")}</manifest><spine>${spine.join("")}</spine></package>`,
    ),
  };
  if (toc) zip["nav.xhtml"] = strToU8(page(`<nav epub:type="toc"><ol>${toc}</ol></nav>`));
  for (const [name, body] of files) zip[name] = strToU8(page(body));
  const context = { file: "held-out.epub", limits: defaultIngestLimits };
  const archive = await openZip(Buffer.from(zipSync(zip)), context, "EPUB");
  try {
    return await readEpub(archive, context);
  } finally {
    archive.close();
  }
}
const li = (href: string, label: string, children = "") =>
  `<li><a href="${href}">${label}</a>${children ? `<ol>${children}</ol>` : ""}</li>`;
const summary = (book: ParsedBook) =>
  book.chapters.map((chapter) => [chapter.kind, chapter.title, chapter.part]);

describe("segmentsFromToc: held-out structures", () => {
  let next = 0;
  const entry = (label: string, children: PlacedEntry[] = []): PlacedEntry => ({
    label,
    position: next++,
    children,
  });
  const units = (entries: PlacedEntry[], headingOnly = new Set<number>()) =>
    segmentsFromToc(entries, headingOnly)
      .filter((segment) => segment.role === "unit")
      .map((segment) => [segment.label, segment.part]);

  it("keeps a preface's sections inside it even when every chapter has sections", () => {
    const manual = [
      entry("Preface", [entry("Conventions"), entry("How to Contact Us")]),
      entry("1. Introduction", [entry("The Famine")]),
      entry("2. Building", [entry("Structure")]),
    ];
    expect(units(manual)).toEqual([
      ["Preface", null],
      ["1. Introduction", null],
      ["2. Building", null],
    ]);
  });

  it("reads text-less unnumbered entries among numbered chapters as parts, and those named alike", () => {
    const flat = [
      entry("Phase the First: The Maiden"),
      entry("CHAPTER I"),
      entry("CHAPTER II"),
      entry("Phase the Second: Maiden No More"),
      entry("CHAPTER III"),
      entry("THE END"),
    ];
    const bare = new Set([flat[3]!.position!]);
    expect(units(flat, bare)).toEqual([
      ["CHAPTER I", "Phase the First: The Maiden"],
      ["CHAPTER II", "Phase the First: The Maiden"],
      ["CHAPTER III", "Phase the Second: Maiden No More"],
      ["THE END", null],
    ]);
    // Without text-less entries nothing marks a part.
    expect(units(flat).map(([, part]) => part)).toEqual([null, null, null, null, null, null]);
  });

  it("invents no parts in a flat TOC of titles that begin alike, some of them text-less", () => {
    const parts = (labels: string[], textLess: string[]) => {
      const flat = labels.map((label) => entry(label));
      const bare = new Set(
        flat.filter((item) => textLess.includes(item.label)).map((item) => item.position!),
      );
      return units(flat, bare).map(([, part]) => part);
    };
    const titles = ["The Beginning", "The Storm", "In the Forest", "In the Village", "The End"];
    expect(parts(titles, ["The Storm", "In the Forest"])).toEqual(titles.map(() => null));
    // "I" in a memoir's titles is the pronoun, not a numeral that makes the TOC a numbered one.
    const memoir = ["What I Saw", "Where I Lived", "The Day I Left", "The Day Mother Died"];
    const memoirEnd = ["I Remember", "Who Am I", "The Day It Rained"];
    expect(parts([...memoir, ...memoirEnd], ["The Day Mother Died"])).toEqual(
      [...memoir, ...memoirEnd].map(() => null),
    );
    // One text-less interlude among numbered chapters; a later title beginning alike has text.
    const numbered = [
      "1. Arrival",
      "2. The Town",
      "In the Dark",
      "3. Night",
      "In the Light",
      "4. Home",
    ];
    expect(parts(numbered, ["In the Dark"])).toEqual(numbered.map(() => null));
  });
});

describe("readEpub: held-out structures", () => {
  it("splits off an unlisted colophon instead of appending it to the last chapter", async () => {
    const book = await read(
      [
        ["c1.xhtml", `<h2>Chapter 1</h2>${words(30)}`],
        ["c2.xhtml", `<h2>Chapter 2</h2>${words(30)}`],
        [
          "co.xhtml",
          `<section epub:type="colophon"><h2>About this edition</h2>${words(10, "font")}</section>`,
        ],
      ],
      li("c1.xhtml", "Chapter 1") + li("c2.xhtml", "Chapter 2"),
    );
    expect(summary(book)).toEqual([
      ["body", "Chapter 1", null],
      ["body", "Chapter 2", null],
      ["back", "About this edition", null],
    ]);
    expect(book.chapters[1]!.text).not.toContain("font");
  });

  it("rejoins a chapter interrupted by a non-linear notes document", async () => {
    const book = await read(
      [
        ["c1a.xhtml", `<h2>Chapter 1</h2>${words(20, "first")}`],
        ["notes.xhtml", `<h3>Notes</h3>${words(5, "note")}`, { linear: false }],
        ["c1b.xhtml", words(20, "second")],
        ["c2.xhtml", `<h2>Chapter 2</h2>${words(20)}`],
      ],
      li("c1a.xhtml", "Chapter 1") + li("c2.xhtml", "Chapter 2"),
    );
    expect(book.chapters.filter((chapter) => chapter.kind === "body").map((c) => c.title)).toEqual([
      "Chapter 1",
      "Chapter 2",
    ]);
    expect(book.chapters[0]!.text).toMatch(/first.*second/s);
    expect(book.chapters[0]!.text).not.toContain("note");
  });

  it("reads a part's long introduction as a chapter of that part, but not its epigraph", async () => {
    const book = await read(
      [
        ["p1.xhtml", `<h1>PART I</h1>${words(120, "overture")}`],
        ["c1.xhtml", `<h2>CHAPTER I</h2>${words(20)}`],
        ["p2.xhtml", `<h1>PART II</h1><blockquote><p>Poor wounded name!</p></blockquote>`],
        ["c2.xhtml", `<h2>CHAPTER II</h2>${words(20)}`],
      ],
      li("p1.xhtml", "PART I", li("c1.xhtml", "CHAPTER I")) +
        li("p2.xhtml", "PART II", li("c2.xhtml", "CHAPTER II")),
    );
    expect(summary(book)).toEqual([
      ["body", "PART I", "PART I"],
      ["body", "CHAPTER I", "PART I"],
      ["front", "PART II", null],
      ["body", "CHAPTER II", "PART II"],
    ]);
  });

  it("finds the chapters of a single file without a TOC that opens with a title page", async () => {
    const book = await read([
      [
        "all.xhtml",
        `<section epub:type="frontmatter"><section epub:type="titlepage"><h1>The Poem</h1><p>By Someone</p></section></section>
         <section epub:type="bodymatter"><section><h2>I. FIRST</h2>${words(20)}</section><section><h2>II. SECOND</h2>${words(20)}</section></section>
         <section epub:type="backmatter"><section epub:type="rearnotes"><h2>NOTES ON THE POEM</h2>${words(10, "note")}</section></section>`,
      ],
    ]);
    expect(summary(book)).toEqual([
      ["front", "The Poem", null],
      ["body", "I. FIRST", null],
      ["body", "II. SECOND", null],
      ["back", "NOTES ON THE POEM", null],
    ]);
  });
});
