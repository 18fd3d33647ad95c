import { describe, expect, it } from "vitest";
import { chaptersFromParagraphs } from "./paragraph-chapters.js";

const prose = (seed: string) =>
  `${seed} went on for a long while, and nobody in the house could say when it would stop, or why it had begun at all.`;

function body(paragraphs: string[]) {
  return chaptersFromParagraphs(paragraphs).chapters.filter((chapter) => chapter.kind === "body");
}

describe("chaptersFromParagraphs", () => {
  it("finds worded chapter headings and keeps the text after them", () => {
    const chapters = body([
      "CHAPTER I. Down the Rabbit-Hole",
      prose("Alice"),
      "CHAPTER II. The Pool of Tears",
      prose("Curiouser"),
    ]);
    expect(chapters.map((chapter) => chapter.title)).toEqual([
      "CHAPTER I. Down the Rabbit-Hole",
      "CHAPTER II. The Pool of Tears",
    ]);
    expect(chapters[0]?.text.startsWith("Alice went on")).toBe(true);
    expect(chapters[0]?.text).not.toContain("CHAPTER");
  });

  it("does not split a contents list held in one paragraph", () => {
    const contents =
      "CHAPTER I. Down the Rabbit-Hole CHAPTER II. The Pool of Tears CHAPTER III. A Caucus-Race";
    const result = chaptersFromParagraphs([
      "Contents",
      contents,
      "CHAPTER I. Down the Rabbit-Hole",
      prose("Alice"),
      "CHAPTER II. The Pool of Tears",
      prose("Tears"),
      "THE END",
    ]);
    expect(result.chapters.filter((chapter) => chapter.kind === "body")).toHaveLength(2);
    expect(result.chapters[0]).toMatchObject({ title: "Contents", kind: "front", text: contents });
  });

  it("drops a contents list of one heading per paragraph, keeping the part heading that opens the body", () => {
    const paragraphs = [
      "CONTENTS",
      "BOOK ONE: 1805",
      "CHAPTER I",
      "CHAPTER II",
      "BOOK TWO: 1806",
      "CHAPTER I",
    ];
    paragraphs.push("BOOK ONE: 1805", "CHAPTER I", prose("Prince"), "CHAPTER II", prose("Anna"));
    paragraphs.push("BOOK TWO: 1806", "CHAPTER I", prose("Nicholas"));
    const chapters = body(paragraphs);
    expect(chapters.map((chapter) => [chapter.title, chapter.part])).toEqual([
      ["CHAPTER I", "BOOK ONE: 1805"],
      ["CHAPTER II", "BOOK ONE: 1805"],
      ["CHAPTER I", "BOOK TWO: 1806"],
    ]);
  });

  it("accepts bare Roman numerals only when they count up from one", () => {
    expect(
      body(["I", prose("Gregor"), "II", prose("Evening"), "III", prose("Apple")]).map(
        (chapter) => chapter.title,
      ),
    ).toEqual(["I", "II", "III"]);
    expect(
      body(["IV", prose("Gregor"), "II", prose("Evening")]).map((chapter) => chapter.title),
    ).toEqual(["Text"]);
  });

  it("prefers worded headings to bare numerals", () => {
    const chapters = body([
      "Chapter 1",
      prose("One"),
      "II",
      prose("Two"),
      "Chapter 2",
      prose("Three"),
    ]);
    expect(chapters.map((chapter) => chapter.title)).toEqual(["Chapter 1", "Chapter 2"]);
    expect(chapters[0]?.text).toContain("II");
  });

  it("joins a number-only heading with a title line, but not with the first line of prose", () => {
    const chapters = body([
      "CHAPTER I.",
      "Down the Rabbit-Hole",
      prose("Alice"),
      "Letter 2",
      "To Mrs. Saville, England.",
      prose("Walton"),
    ]);
    expect(chapters.map((chapter) => chapter.title)).toEqual([
      "CHAPTER I. Down the Rabbit-Hole",
      "Letter 2",
    ]);
    expect(chapters[1]?.text.startsWith("To Mrs. Saville, England.")).toBe(true);
  });

  it("reads headings in Spanish, German, French and Chinese", () => {
    const titles = body([
      "Capítulo primero. Que trata de la condición del famoso hidalgo",
      prose("En un lugar"),
      "Erstes Kapitel. Radioaktivität",
      prose("Die"),
      "CHAPITRE II",
      prose("Le"),
      "第三章 山路",
      prose("山路"),
    ]).map((chapter) => chapter.title);
    expect(titles).toEqual([
      "Capítulo primero. Que trata de la condición del famoso hidalgo",
      "Erstes Kapitel. Radioaktivität",
      "CHAPITRE II",
      "第三章 山路",
    ]);
  });

  it("uses a Spanish part heading as the part of the chapters under it", () => {
    const chapters = body([
      "Primera parte del ingenioso hidalgo",
      "Capítulo primero. Que trata",
      prose("En"),
      "Segunda parte del ingenioso hidalgo",
      "Capítulo IX. Donde se concluye",
      prose("Dejamos"),
    ]);
    expect(chapters.map((chapter) => chapter.part)).toEqual([
      "Primera parte del ingenioso hidalgo",
      "Segunda parte del ingenioso hidalgo",
    ]);
  });

  it("turns a part heading with no chapters under it into a unit of its own", () => {
    const chapters = body([
      "Chapter 1",
      prose("One"),
      "Chapter 2",
      prose("Two"),
      "EPILOGUE",
      prose("Years later"),
    ]);
    expect(chapters.map((chapter) => [chapter.title, chapter.part])).toEqual([
      ["Chapter 1", null],
      ["Chapter 2", null],
      ["EPILOGUE", null],
    ]);
  });

  it("finds a chapter heading printed inside an illustration plate", () => {
    const chapters = body([
      "[Illustration: ·PRIDE AND PREJUDICE· Chapter I.]",
      prose("It is a truth"),
      "CHAPTER II.",
      "[Illustration]",
      prose("Mr. Bennet"),
    ]);
    expect(chapters.map((chapter) => chapter.title)).toEqual(["Chapter I.", "CHAPTER II."]);
    expect(chapters[0]?.text.startsWith("It is a truth")).toBe(true);
  });

  it("marks front matter, 'THE END' and back-matter headings", () => {
    const result = chaptersFromParagraphs([
      "PREFACE.",
      prose("Walt Whitman"),
      "CHAPTER I.",
      prose("It"),
      "CHAPTER II.",
      prose("Mr."),
      "[Illustration: THE END]",
      "CHISWICK PRESS",
      "NOTES",
      prose("A note"),
    ]);
    expect(result.chapters.map((chapter) => [chapter.title, chapter.kind])).toEqual([
      ["PREFACE.", "front"],
      ["CHAPTER I.", "body"],
      ["CHAPTER II.", "body"],
      ["THE END", "back"],
      ["NOTES", "back"],
    ]);
  });

  it("keeps scene breaks inside chapters", () => {
    const chapters = body([
      "CHAPTER I.",
      prose("One"),
      "* * * * * *",
      prose("Two"),
      "CHAPTER II.",
      prose("Three"),
    ]);
    expect(chapters[0]?.text).toContain("* * * * * *");
  });

  it("reads title and author from a title page", () => {
    const result = chaptersFromParagraphs([
      "Frankenstein;",
      "or, the Modern Prometheus",
      "by Mary Shelley",
      "Letter 1",
      prose("You will"),
      "Letter 2",
      prose("How slowly"),
    ]);
    expect(result.title).toBe("Frankenstein; or, the Modern Prometheus");
    expect(result.author).toBe("Mary Shelley");
  });

  it("returns the whole text as one chapter when there are no headings", () => {
    const result = chaptersFromParagraphs([prose("One"), prose("Two")]);
    expect(result.chapters).toHaveLength(1);
    expect(result.chapters[0]?.kind).toBe("body");
    expect(result.chapters[0]?.text.split("\n\n")).toHaveLength(2);
  });

  it("ignores a chapter word in running prose", () => {
    expect(body(["Chapter 3 of the report was missing", prose("One")])).toHaveLength(1);
    expect(body(["Chapter 3 of the report was missing", prose("One")])[0]?.title).toBe("Text");
  });
});
