import { describe, expect, it } from "vitest";
import { chaptersFromParagraphs } from "./paragraph-chapters.js";

const prose = (seed: string) =>
  `${seed} went on for a long while, and nobody in the house could say when it would stop, or why it had begun at all.`;

function body(paragraphs: string[]) {
  return chaptersFromParagraphs(paragraphs).chapters.filter((chapter) => chapter.kind === "body");
}

describe("bare and titled numerals", () => {
  it("keeps a story's own section numerals inside it when the stories are numbered with titles", () => {
    const chapters = body([
      "I. A SCANDAL IN BOHEMIA",
      "I.",
      prose("To Sherlock Holmes she"),
      "II.",
      prose("At three o'clock"),
      "III.",
      prose("I did not sleep"),
      "II. THE RED-HEADED LEAGUE",
      prose("I had called"),
      "III. A CASE OF IDENTITY",
      prose("My dear fellow"),
    ]);
    expect(chapters.map((chapter) => chapter.title)).toEqual([
      "I. A SCANDAL IN BOHEMIA",
      "II. THE RED-HEADED LEAGUE",
      "III. A CASE OF IDENTITY",
    ]);
    const first = chapters[0];
    expect(first?.text).toContain("II.");
    expect(first?.text.slice(first.bodyOffset)).toMatch(/^To Sherlock Holmes/);
  });

  it("lets chapter numbers run on across parts, and drops the parts a contents list repeats", () => {
    const result = chaptersFromParagraphs([
      "CONTENTS",
      "PART ONE",
      "The Old Buccaneer I. THE OLD SEA-DOG . . . 11 II. BLACK DOG . . . 17",
      "PART TWO",
      "The Sea Cook III. I GO TO BRISTOL . . . 48",
      "PART ONE--The Old Buccaneer",
      "I",
      "The Old Sea-dog at the Admiral Benbow",
      prose("Squire Trelawney"),
      "II",
      "Black Dog Appears and Disappears",
      prose("It was not very long"),
      "PART TWO--The Sea Cook",
      "III",
      "I Go to Bristol",
      prose("It was longer than the squire imagined"),
    ]);
    const chapters = result.chapters.filter((chapter) => chapter.kind === "body");
    expect(chapters.map((chapter) => [chapter.title, chapter.part])).toEqual([
      ["I The Old Sea-dog at the Admiral Benbow", "PART ONE--The Old Buccaneer"],
      ["II Black Dog Appears and Disappears", "PART ONE--The Old Buccaneer"],
      ["III I Go to Bristol", "PART TWO--The Sea Cook"],
    ]);
    expect(result.chapters[0]).toMatchObject({ title: "CONTENTS", kind: "front" });
    expect(result.chapters[0]?.text).toContain("PART TWO");
  });

  it("still restarts the count at one after a part", () => {
    const chapters = body([
      "BOOK ONE",
      "I",
      prose("One"),
      "II",
      prose("Two"),
      "BOOK TWO",
      "I",
      prose("Three"),
    ]);
    expect(chapters.map((chapter) => [chapter.title, chapter.part])).toEqual([
      ["I", "BOOK ONE"],
      ["II", "BOOK ONE"],
      ["I", "BOOK TWO"],
    ]);
  });

  it("reads a part printed in brackets under the book title", () => {
    const chapters = body(["(Première partie)", "I", prose("L'année"), "II", prose("Pendant")]);
    expect(chapters.map((chapter) => chapter.part)).toEqual(["Première partie", "Première partie"]);
  });
});
