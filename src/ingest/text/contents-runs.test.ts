import { describe, expect, it } from "vitest";
import { chaptersFromParagraphs } from "./paragraph-chapters.js";

const prose = (seed: string) =>
  `${seed} went on for a long while, and nobody in the house could say when it would stop, or why it had begun at all.`;
const titles = (paragraphs: string[]) =>
  chaptersFromParagraphs(paragraphs)
    .chapters.filter((chapter) => chapter.kind === "body")
    .map((chapter) => chapter.title);

describe("contents lists printed one entry per paragraph", () => {
  it("keeps very short real chapters: their headings are not printed twice", () => {
    expect(
      titles([
        "CHAPTER I",
        "The door was open and nobody came.",
        "CHAPTER II",
        "Then the rain began and never stopped.",
        "CHAPTER III",
        prose("The rain"),
      ]),
    ).toEqual(["CHAPTER I", "CHAPTER II", "CHAPTER III"]);
  });

  it("keeps a book of only two short chapters", () => {
    expect(
      titles(["Chapter 1", "She opened the door and looked out.", "Chapter 2", "He was gone."]),
    ).toEqual(["Chapter 1", "Chapter 2"]);
  });

  it("drops entries that come back later, also when numbered differently", () => {
    const chapters = titles([
      "CONTENTS",
      "Chapter One",
      "In which the rain begins.",
      "Chapter Two",
      "In which it stops.",
      "CHAPTER I",
      prose("The rain"),
      "CHAPTER II",
      prose("The sun"),
    ]);
    expect(chapters).toEqual(["CHAPTER I", "CHAPTER II"]);
  });

  it("drops a contents list printed at the end of the book", () => {
    const result = chaptersFromParagraphs([
      "Chapitre I",
      prose("La pluie"),
      "Chapitre II",
      prose("Le soleil"),
      "Table des matières",
      "Chapitre I 5",
      "Chapitre II 9",
    ]);
    expect(result.chapters.map((chapter) => chapter.title)).toEqual([
      "Chapitre I",
      "Chapitre II",
      "Table des matières",
    ]);
  });

  it("drops a run of entries with nothing under them even when the body numbers differently", () => {
    const chapters = titles([
      "CHAPTER I. The Door",
      "CHAPTER II. The Key",
      "CHAPTER III. The Lock",
      "CHAPTER IV. The House",
      prose("The door"),
    ]);
    expect(chapters).toEqual(["CHAPTER IV. The House"]);
  });
});
