import { describe, expect, it } from "vitest";
import { segmentsFromToc } from "./chapter-level.js";
import { extractBlocks } from "./content-blocks.js";
import { entryFinder, resolveHref } from "./paths.js";
import { chooseTitle } from "./titles.js";
import type { PlacedEntry } from "./toc-placement.js";

describe("resolveHref", () => {
  it("resolves relative to the holding file, decoding percent escapes and keeping fragments", () => {
    expect(resolveHref("OPS/xhtml/toc.xhtml", "../text/ch%201.xhtml#p%C3%A9")).toEqual({
      path: "OPS/text/ch 1.xhtml",
      fragment: "pé",
    });
    expect(resolveHref("OPS/nav.xhtml", "#toc")).toEqual({
      path: "OPS/nav.xhtml",
      fragment: "toc",
    });
    expect(resolveHref("content.opf", "./a/b.xhtml")).toEqual({
      path: "a/b.xhtml",
      fragment: null,
    });
    expect(resolveHref("OPS/nav.xhtml", "https://example.org/x.html")).toBeNull();
  });

  it("finds entries stored with another case or Unicode normalisation", () => {
    const find = entryFinder(["OPS/Chapter.xhtml", "OPS/cafe\u0301.xhtml"]);
    expect(find("OPS/chapter.xhtml")).toBe("OPS/Chapter.xhtml");
    expect(find("OPS/caf\u00e9.xhtml")).toBe("OPS/cafe\u0301.xhtml");
    expect(find("OPS/none.xhtml")).toBeNull();
  });
});

describe("extractBlocks", () => {
  it("records headings, anchors (also inside skipped page markers) and semantic types", () => {
    const { blocks, anchors } = extractBlocks(
      `<body epub:type="bodymatter"><section id="s1" epub:type="chapter"><h2><a id="x"/>Chapter  1</h2>
       <p>One <span id="Page_5" epub:type="pagebreak">5</span>two</p></section><div id="end"></div></body>`,
    );
    expect(blocks.map((block) => [block.text, block.heading])).toEqual([
      ["Chapter 1", 2],
      ["One two", 0],
    ]);
    expect(Object.fromEntries(anchors)).toEqual({ s1: 0, x: 0, Page_5: 1, end: 2 });
    expect(blocks[1]?.types.slice(0, 2)).toEqual(["chapter", "bodymatter"]);
  });

  it("keeps drop caps joined and counts link text", () => {
    const { blocks } = extractBlocks(
      `<p><span class="letra">I</span>T is a truth</p><p><a href="c1.xhtml">Chapter I</a>, <a href="c2.xhtml">II</a></p>`,
    );
    expect(blocks.map((block) => block.text)).toEqual(["IT is a truth", "Chapter I, II"]);
    expect(blocks[1]?.linkCharacters).toBe(10);
  });
});

describe("chooseTitle", () => {
  it("keeps the TOC label unless the printed heading is clearly better", () => {
    expect(chooseTitle("190 A FOUR-LEAVED CLOVER", "190")).toBe("190 A FOUR-LEAVED CLOVER");
    expect(chooseTitle("He rode a black horse. CHAPTER III.", "CHAPTER III.")).toBe("CHAPTER III.");
    expect(chooseTitle("Loomings", "Chapter 1. Loomings.")).toBe("Chapter 1. Loomings.");
    expect(chooseTitle("Title Page", "Alice's Adventures")).toBe("Title Page");
    expect(chooseTitle(null, "Chapter 2")).toBe("Chapter 2");
  });
});

describe("segmentsFromToc", () => {
  let next = 0;
  const entry = (label: string, children: PlacedEntry[] = []): PlacedEntry => ({
    label,
    position: next++,
    children,
  });
  const units = (entries: PlacedEntry[]) =>
    segmentsFromToc(entries)
      .filter((segment) => segment.role === "unit")
      .map((segment) => [segment.label, segment.part]);

  it("treats volumes of titled chapters as parts, but keeps a numbered chapter's sections inside it", () => {
    const volumes = [
      entry("The Fellowship", [entry("A Party"), entry("A Shadow")]),
      entry("The Towers", [entry("Departure"), entry("The Riders")]),
    ];
    expect(units(volumes)).toEqual([
      ["A Party", "The Fellowship"],
      ["A Shadow", "The Fellowship"],
      ["Departure", "The Towers"],
      ["The Riders", "The Towers"],
    ]);
    const manual = [
      entry("1. Basics", [entry("1.1 Setup"), entry("1.2 Use")]),
      entry("2. Advanced", [entry("2.1 Tuning")]),
    ];
    expect(units(manual)).toEqual([
      ["1. Basics", null],
      ["2. Advanced", null],
    ]);
  });

  it("gives a closing unnumbered entry no part and splits matter off a chapter", () => {
    const book = [
      entry("PRELUDE."),
      entry("BOOK I.", [
        entry("CHAPTER I."),
        entry("CHAPTER II."),
        entry("FINALE.", [entry("THE END")]),
      ]),
    ];
    expect(units(book)).toEqual([
      ["PRELUDE.", null],
      ["CHAPTER I.", "BOOK I."],
      ["CHAPTER II.", "BOOK I."],
      ["FINALE.", null],
      ["THE END", null],
    ]);
  });
});
