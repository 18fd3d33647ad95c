import { describe, expect, it } from "vitest";
import { defaultIngestLimits } from "../types.js";
import { readText } from "./index.js";
import { renderInline } from "./markdown-inline.js";

const context = { file: "book.md", limits: defaultIngestLimits };
const read = (markdown: string) => readText(Buffer.from(markdown), "md", context);
const prose =
  "The morning was grey and the road was long, but nobody in the village complained about it.";

describe("renderInline", () => {
  it("removes emphasis, links, images, citations, notes and footnote references", () => {
    expect(renderInline("Herr *Becquerel*s **Uranstrahlen** and __bold__ _it_")).toBe(
      "Herr Becquerels Uranstrahlen and bold it",
    );
    expect(renderInline('See [the site](http://x.org "t") and ![a plate](img.png) here')).toBe(
      "See the site and here",
    );
    expect(
      renderInline(
        "Elektrizität[@bh1896; @bh1897, p. 3]. Next^[A note [with] brackets.] word[^1].",
      ),
    ).toBe("Elektrizität. Next word.");
    expect(renderInline("mail me at a@b.org [sic]")).toBe("mail me at a@b.org [sic]");
  });

  it("keeps escaped characters, snake_case and scene-break asterisks", () => {
    expect(renderInline("2 \\* 3 is not \\*bold\\*, snake_case stays, * * *")).toBe(
      "2 * 3 is not *bold*, snake_case stays, * * *",
    );
  });

  it("renders HTML entities, tags, code and simple TeX", () => {
    expect(renderInline("8&nbsp;cm <b>bold</b> `x*y` $10^{-11}$ and $\\beta$-rays, H$_2$O")).toBe(
      "8 cm bold x*y 10⁻¹¹ and β-rays, H₂O",
    );
  });
});

describe("readText (md)", () => {
  it("skips metadata headings and finds the chapter level", async () => {
    const book = await read(
      `# Title: Alice\n\n## Author: Lewis Carroll\n\n## Year: 1865\n\n-------\n\n## Chapter 1 - Down\n\n${prose}\n\n## Chapter 2 - Pool\n\n'Curiouser' ${prose}\n`,
    );
    expect(book).toMatchObject({ title: "Alice", author: "Lewis Carroll" });
    expect(book.chapters.map((chapter) => [chapter.title, chapter.kind])).toEqual([
      ["Chapter 1 - Down", "body"],
      ["Chapter 2 - Pool", "body"],
    ]);
  });

  it("treats deeper headings before the first chapter as units and later ones as sub-headings", async () => {
    const book = await read(
      [
        "% Untersuchungen",
        "% Marie Curie",
        "% 1904",
        "",
        "## Einleitung.",
        "",
        "Die vorliegende Arbeit.",
        "",
        "# Erstes Kapitel. Radioaktivität",
        "",
        "## a) Becquerelstrahlen.",
        "Die von Herrn *Becquerel* entdeckten Strahlen.",
        "",
        "## b) Messung.",
        "",
        "Text.",
        "",
        "# Zweites Kapitel. Neue Substanzen.",
        "",
        "Die Resultate.",
        "",
        "#\tLiterarische Ergänzungen",
        "",
        "## A. Originalarbeiten.",
        "",
        "Adam, E. P.",
        "",
        "# Einzelnachweise und Fußnoten",
        "",
      ].join("\n"),
    );
    expect(book).toMatchObject({ title: "Untersuchungen", author: "Marie Curie" });
    expect(book.chapters.map((chapter) => [chapter.title, chapter.kind])).toEqual([
      ["Einleitung.", "body"],
      ["Erstes Kapitel. Radioaktivität", "body"],
      ["Zweites Kapitel. Neue Substanzen.", "body"],
      ["Literarische Ergänzungen", "back"],
    ]);
    const first = book.chapters[1];
    expect(first?.text.split("\n\n")).toEqual([
      "a) Becquerelstrahlen.",
      "Die von Herrn Becquerel entdeckten Strahlen.",
      "b) Messung.",
      "Text.",
    ]);
    expect(first?.text.slice(first.bodyOffset)).toMatch(/^Die von Herrn Becquerel/);
  });

  it("uses part headings as the part of the chapters below them", async () => {
    const book = await read(
      `# Part One\n\n## Chapter 1\n\n${prose}\n\n## Chapter 2\n\n${prose}\n\n# Part Two\n\n## Chapter 1\n\n${prose}\n`,
    );
    expect(book.chapters.map((chapter) => [chapter.title, chapter.part])).toEqual([
      ["Chapter 1", "Part One"],
      ["Chapter 2", "Part One"],
      ["Chapter 1", "Part Two"],
    ]);
  });

  it("uses numbered part headings at the chapters' own level as parts", async () => {
    const book = await read(
      `##  Part I \n\n##  Chapter 1 - My Early Home \n\n${prose}\n\n## Chapter 2 - The Hunt \n\n${prose}\n\n##  Part II \n\n## Chapter 3 - Earlshall \n\n${prose}\n\n## Epilogue\n\n${prose}\n`,
    );
    expect(book.chapters.map((chapter) => [chapter.title, chapter.part, chapter.kind])).toEqual([
      ["Chapter 1 - My Early Home", "Part I", "body"],
      ["Chapter 2 - The Hunt", "Part I", "body"],
      ["Chapter 3 - Earlshall", "Part II", "body"],
      ["Epilogue", "Part II", "body"],
    ]);
  });

  it("reads YAML front matter, setext headings and drops footnote definitions", async () => {
    const book = await read(
      `---\ntitle: "The Book"\nauthor: Jane Doe\nlang: fr\n---\n\nFirst\n=====\n\nText one[^1].\n\n[^1]: A footnote\n    that wraps.\n\nSecond\n======\n\nText two.\n`,
    );
    expect(book).toMatchObject({ title: "The Book", author: "Jane Doe", language: "fr" });
    expect(book.chapters.map((chapter) => [chapter.title, chapter.text])).toEqual([
      ["First", "Text one."],
      ["Second", "Text two."],
    ]);
  });

  it("falls back to heading-like paragraphs when the file has too few headings", async () => {
    const book = await read(`# My Book\n\nCHAPTER I.\n\n${prose}\n\nCHAPTER II.\n\n${prose}\n`);
    expect(book.title).toBe("My Book");
    expect(
      book.chapters.filter((chapter) => chapter.kind === "body").map((chapter) => chapter.title),
    ).toEqual(["CHAPTER I.", "CHAPTER II."]);
  });
});
