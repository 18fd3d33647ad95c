import { describe, expect, it } from "vitest";
import { isNumberedChapter } from "../heading-kinds.js";
import { cleanLabel } from "./heading-text.js";
import { repairStaleHyphens, Vocabulary } from "./hyphenation.js";
import { type GlyphRun, pageLines } from "./page-lines.js";
import { paragraphsFromLines } from "./paragraphs.js";
import { cleanLayout } from "./running-lines.js";
import type { TextLine } from "./text-line.js";

/** A glyph run as pdf.js reports it: 12 pt unless told, width from a rough 0.5 em per character. */
function run(
  str: string,
  x: number,
  y: number,
  size = 12,
  width = str.length * size * 0.5,
): GlyphRun {
  return { str, transform: [size, 0, 0, size, x, y], width };
}

/** A justified line: every line of a block ends at the same right edge. */
function line(text: string, page: number, y: number, x = 50, size = 12): TextLine {
  return { page, x, y, right: 350, size, text };
}

describe("pageLines", () => {
  it("joins kerned runs into one word and separates real word gaps by position", () => {
    const lines = pageLines(
      [run("‘Y", 50, 500, 12, 12), run("ou", 62.5, 500, 12, 12), run("can", 80, 500, 12, 18)],
      0,
    );
    expect(lines.map((each) => each.text)).toEqual(["‘You can"]);
  });

  it("starts a new line when the baseline moves and expands ligatures", () => {
    const lines = pageLines([run("the ﬁrst ﬂower", 50, 500), run("second line", 50, 486)], 3);
    expect(lines.map((each) => [each.text, each.page])).toEqual([
      ["the first flower", 3],
      ["second line", 3],
    ]);
  });

  it("keeps the size of the run that carries most characters (small capitals)", () => {
    const [heading] = pageLines([run("A", 50, 500, 24), run("LICE", 64, 500, 19)], 0);
    expect(heading?.size).toBe(19);
    expect(heading?.text).toBe("ALICE");
  });
});

describe("cleanLayout", () => {
  it("removes running headers, page numbers and fine print, keeping the body", () => {
    const words = ["alpha", "beta", "gamma", "delta"];
    const pages = [0, 1, 2, 3].map((page) => [
      line(`CHAPTER I. THE START ${page + 4}`, page, 700),
      line(`Body text about ${words[page]} that goes on.`, page, 650),
      line(`More body text on the ${words[page]} page.`, page, 636),
      line("eBook brought to you by Someone", page, 20, 50, 4),
      line(`${page} of 4`, page, 40),
    ]);
    const layout = cleanLayout(pages);
    expect(layout.bodySize).toBe(12);
    expect(layout.pages[2]?.map((each) => each.text)).toEqual([
      "Body text about gamma that goes on.",
      "More body text on the gamma page.",
    ]);
  });
});

describe("paragraphsFromLines", () => {
  const options = (vocabulary = new Vocabulary()) => ({
    bodySize: 12,
    leading: 1.2,
    indent: 15,
    vocabulary,
  });

  it("starts paragraphs at indents and keeps lines beside a picture together", () => {
    const lines: TextLine[] = [
      { page: 0, x: 50, y: 600, right: 350, size: 12, text: "end of a full-width paragraph." },
      { page: 0, x: 215, y: 586, right: 350, size: 12, text: "An indented start beside" },
      { page: 0, x: 200, y: 572, right: 350, size: 12, text: "a picture, continuing in" },
      { page: 0, x: 200, y: 558, right: 350, size: 12, text: "the narrow column and" },
      { page: 0, x: 50, y: 544, right: 350, size: 12, text: "back to the full width." },
    ];
    expect(paragraphsFromLines(lines, options())).toEqual([
      "end of a full-width paragraph.",
      "An indented start beside a picture, continuing in the narrow column and back to the full width.",
    ]);
  });

  it("rejoins words broken at line ends unless the book prints them hyphenated", () => {
    const vocabulary = new Vocabulary();
    vocabulary.addLine("a well-known fact about the well");
    const lines = [
      line("It was won-", 0, 600),
      line("dered at, a well-", 0, 586),
      line("known thing.", 0, 572),
    ];
    expect(paragraphsFromLines(lines, options(vocabulary))).toEqual([
      "It was wondered at, a well-known thing.",
    ]);
  });
});

describe("repairStaleHyphens", () => {
  it("closes up mid-line hyphens only when the closed word is attested", () => {
    const vocabulary = new Vocabulary();
    vocabulary.addLine("He went to Leatherhead and the heat-ray burned");
    expect(
      repairStaleHyphens("to Leather- head; the Heat- Ray; a blue- green sea", vocabulary),
    ).toBe("to Leatherhead; the Heat-Ray; a blue- green sea");
  });
});

describe("cleanLabel", () => {
  it("turns control characters into spaces and splits a number word glued to the title", () => {
    expect(cleanLabel("CHAPTER ONE\u000b\u000bTHE EVE OF THE WAR")).toBe(
      "CHAPTER ONE THE EVE OF THE WAR",
    );
    expect(cleanLabel("CHAPTER ONETHE EVE OF THE WAR")).toBe("CHAPTER ONE THE EVE OF THE WAR");
    expect(cleanLabel("CHAPTER SEVENTEENTHE ‘THUNDER CHILD’")).toBe(
      "CHAPTER SEVENTEEN THE ‘THUNDER CHILD’",
    );
    expect(cleanLabel("CHAPTER FOURTH")).toBe("CHAPTER FOURTH");
    expect(cleanLabel("Down the Rabbit-Hole")).toBe("Down the Rabbit-Hole");
  });

  it("knows numbered chapter headings", () => {
    expect(isNumberedChapter("Chapter IX The Mock Turtle’s Story")).toBe(true);
    expect(isNumberedChapter("CHAPTER TWELVE WHAT I SAW")).toBe(true);
    expect(isNumberedChapter("Poem. All in the golden afternoon")).toBe(false);
  });
});
