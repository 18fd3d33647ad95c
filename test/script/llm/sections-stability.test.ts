import { describe, expect, it } from "vitest";
import { splitSections } from "../../../src/script/llm/sections.js";

const FILLER = "and the rain kept falling on the long grey street while they talked of nothing";

/** 60 paragraphs of 20–60 words with distinct openings, like prose. */
function chapterParagraphs(): string[] {
  return Array.from({ length: 60 }, (_, n) => {
    const extra = (n * 7) % 5;
    return `On day ${n} the walker ${"went on ".repeat(3)}${`${FILLER} `.repeat(1 + extra).trim()}.`;
  });
}

function changedSections(before: string[], after: string[]): number {
  const old = new Set(splitSections(before.join("\n\n"), 300).map((section) => section.text));
  return splitSections(after.join("\n\n"), 300).filter((section) => !old.has(section.text)).length;
}

describe("content-defined sections", () => {
  it("cuts the same text the same way, in several sections", () => {
    const text = chapterParagraphs().join("\n\n");
    const sections = splitSections(text, 300);
    expect(sections.length).toBeGreaterThanOrEqual(4);
    expect(splitSections(text, 300)).toEqual(sections);
  });

  it("rewording inside one paragraph changes that paragraph's section only", () => {
    const paragraphs = chapterParagraphs();
    for (const index of [0, 17, 33, 59]) {
      const edited = [...paragraphs];
      edited[index] = edited[index]!.replace("long grey street", "short wet street");
      expect(changedSections(paragraphs, edited)).toBe(1);
    }
  });

  it("an edit that adds words rarely moves a boundary outside its section", () => {
    const paragraphs = chapterParagraphs();
    const counts = paragraphs.map((_, index) => {
      const edited = [...paragraphs];
      edited[index] = edited[index]!.replace("the rain", "the cold and heavy rain");
      return changedSections(paragraphs, edited);
    });
    // Measured on the corpus (War and Peace, Don Quijote, Pride and Prejudice, 1,700 random
    // in-paragraph edits): 99.5 % change one section, the rest two. Here one edit of 60 moves
    // a cut inside its section past the next one.
    expect(Math.max(...counts)).toBeLessThanOrEqual(3);
    expect(counts.filter((count) => count === 1).length).toBeGreaterThanOrEqual(57);
  });

  it("never grows a section past twice sectionWords, nor leaves a short tail", () => {
    const sizes = splitSections(chapterParagraphs().join("\n\n"), 300).map(
      (section) => section.words,
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(600);
    expect(sizes.at(-1)).toBeGreaterThanOrEqual(75);
  });
});
