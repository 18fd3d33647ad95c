import { describe, expect, it } from "vitest";
import {
  isChapterLabel,
  isNumberOnlyLabel,
  isPartLabel,
  matchHeading,
} from "./heading-patterns.js";

const level = (paragraph: string) => matchHeading(paragraph)?.level ?? null;

describe("matchHeading: one vocabulary for every reader", () => {
  it("reads chapter words in every language we know", () => {
    for (const heading of [
      "CHAPTER IV.",
      "Chapt. 3",
      "Stave One: Marley's Ghost",
      "Canto XII",
      "Capítulo primero. Que trata",
      "Capitolo 2",
      "Chapitre II",
      "Kapitel 2",
      "Kapittel 4",
      "Hoofdstuk 5",
      "Rozdział I",
      "Глава 5",
      "Erstes Kapitel.",
      "第三章 山路",
      "第十二回",
    ])
      expect(level(heading), heading).toBe("chapter");
  });

  it("reads part words in every language we know, but not a Section in running text", () => {
    for (const heading of [
      "BOOK ONE: 1805",
      "Part II",
      "Livre premier",
      "Livro I",
      "Erster Teil",
      "Часть 1",
      "Книга 2",
      "Tomo III",
      "FIRST EPILOGUE: 1813 - 20",
      "第一部",
      "第二巻",
    ])
      expect(level(heading), heading).toBe("part");
    expect(level("Section 2")).toBeNull();
  });

  it("rejects prose and words posing as numerals", () => {
    expect(level("Chapter mix")).toBeNull();
    expect(level("Part of the reason was the weather.")).toBeNull();
    expect(level("chapter 3")).toBeNull();
  });
});

describe("labels (TOC entries, heading elements)", () => {
  it("reads parts, sections included, whatever the case", () => {
    expect(isPartLabel("part one")).toBe(true);
    expect(isPartLabel("Book the Second")).toBe(true);
    expect(isPartLabel("Section IV")).toBe(true);
    expect(isPartLabel("Часть 1")).toBe(true);
    expect(isPartLabel("Erster Teil")).toBe(true);
    expect(isPartLabel("Part of the Problem")).toBe(false);
    expect(isPartLabel("Epilogue")).toBe(false);
  });

  it("reads chapters, and not a word that only starts with numeral letters", () => {
    expect(isChapterLabel("chapter iv: the storm")).toBe(true);
    expect(isChapterLabel("Chapter1")).toBe(true);
    expect(isChapterLabel("Stave III")).toBe(true);
    expect(isChapterLabel("Hoofdstuk 2")).toBe(true);
    expect(isChapterLabel("第二章 春")).toBe(true);
    expect(isChapterLabel("Letter from Paris")).toBe(false);
    expect(isChapterLabel("Chapter Ivan")).toBe(false);
  });

  it("knows a heading that is only a number, so its title may follow", () => {
    for (const label of [
      "IV.",
      "12",
      "Chapter 3",
      "Part II.",
      "Section 4",
      "Chapter One",
      "第一章",
    ])
      expect(isNumberOnlyLabel(label), label).toBe(true);
    for (const label of ["Chapter 3. Methods", "Did", "The Storm", "第一章 春"])
      expect(isNumberOnlyLabel(label), label).toBe(false);
  });
});
