import { describe, expect, it } from "vitest";
import { chaptersFromParagraphs } from "./paragraph-chapters.js";

const prose = (seed: string) =>
  `${seed} went on for a long while, and nobody in the house could say when it would stop, or why it had begun at all.`;

describe("headings from the contents list", () => {
  it("finds unnumbered chapter titles that the contents list names", () => {
    const result = chaptersFromParagraphs([
      "The Strange Case Of Dr. Jekyll And Mr. Hyde",
      "Contents",
      "STORY OF THE DOOR",
      "SEARCH FOR MR. HYDE",
      "DR. LANYON’S NARRATIVE",
      "STORY OF THE DOOR",
      prose("Mr. Utterson the lawyer"),
      "SEARCH FOR MR. HYDE",
      prose("That evening"),
      "DR. LANYON'S NARRATIVE",
      prose("On the ninth of January"),
    ]);
    const chapters = result.chapters.filter((chapter) => chapter.kind === "body");
    expect(chapters.map((chapter) => chapter.title)).toEqual([
      "STORY OF THE DOOR",
      "SEARCH FOR MR. HYDE",
      "DR. LANYON'S NARRATIVE",
    ]);
    expect(chapters[0]?.text).toMatch(/^Mr. Utterson/);
    expect(result.chapters.find((chapter) => chapter.title === "Contents")?.kind).toBe("front");
  });

  it("ignores a contents list whose entries never come back", () => {
    const result = chaptersFromParagraphs([
      "Contents",
      "The Garden",
      "The River",
      prose("It was summer"),
      prose("The river ran"),
    ]);
    expect(result.chapters.filter((chapter) => chapter.kind === "body")).toHaveLength(1);
  });
});
