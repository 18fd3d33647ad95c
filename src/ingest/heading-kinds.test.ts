import { describe, expect, it } from "vitest";
import { numberedLevel, storyLevel } from "./heading-kinds.js";

const heading = (level: number, title: string) => ({ level, title });

describe("storyLevel", () => {
  it("keeps numbered sections inside mostly childless stories", () => {
    const headings = [
      heading(1, "Preface"),
      heading(1, "A Scandal in Bohemia"),
      heading(2, "I"),
      heading(2, "II"),
      heading(2, "III"),
      heading(1, "The Red-Headed League"),
      heading(1, "A Case of Identity"),
    ];
    expect(numberedLevel(headings)).toBe(2);
    expect(storyLevel(headings, 2)).toBe(1);
  });

  it("leaves numbered chapters under parts and under a single title heading alone", () => {
    const parts = [
      heading(1, "The Old Buccaneer"),
      heading(2, "Chapter 1"),
      heading(2, "Chapter 2"),
      heading(1, "The Sea Cook"),
      heading(2, "Chapter 3"),
    ];
    expect(storyLevel(parts, 2)).toBe(2);
    const wrapped = [heading(1, "My Book"), heading(2, "Chapter 1"), heading(2, "Chapter 2")];
    expect(storyLevel(wrapped, 2)).toBe(2);
  });
});
