import { describe, expect, it } from "vitest";
import { chaptersWithoutOutline } from "./heading-chapters.js";
import { Vocabulary } from "./hyphenation.js";
import { joinSplitLabels } from "./outline.js";
import { paragraphsFromLines } from "./paragraphs.js";
import { cleanLayout } from "./running-lines.js";
import type { TextLine } from "./text-line.js";

/** A body line of a justified block (all lines end at x = 350 unless told). */
function line(text: string, page: number, y: number, size = 12, right = 350): TextLine {
  return { page, x: 50, y, right, size, text };
}

const options = (vocabulary = new Vocabulary()) => ({
  bodySize: 12,
  leading: 1.2,
  indent: null,
  vocabulary,
});

describe("cleanLayout at chapter openings", () => {
  it("keeps large-type headings and the lines under them, however often they repeat", () => {
    const pages = [0, 1, 2, 3].map((page) => [
      line(`Chapter ${page + 1}`, page, 600, 20),
      line("To Mrs. Saville, England.", page, 560),
      line(`Letter body ${page} goes on with more words.`, page, 546),
      line(`and still more words on page ${page}.`, page, 532),
      line("III", page, 400, 20),
      line(`${page + 7}`, page, 30),
    ]);
    const kept = cleanLayout(pages).pages[2]?.map((each) => each.text);
    expect(kept).toEqual([
      "Chapter 3",
      "To Mrs. Saville, England.",
      "Letter body 2 goes on with more words.",
      "and still more words on page 2.",
      "III",
    ]);
  });
});

describe("paragraphsFromLines across page breaks and dashes", () => {
  it("ends a paragraph where a page ends on a short line", () => {
    const lines = [
      line("a full line of the paragraph that runs to the margin", 0, 100),
      line("To Pemberley they went.", 0, 70, 12, 200),
      line("Chapter XLIII.", 1, 700, 12, 150),
    ];
    expect(paragraphsFromLines(lines, options())).toHaveLength(3);
  });

  it("closes up dashes and capitals after a hyphen at a line break", () => {
    const lines = [
      line("it was his purpose", 0, 100),
      line("—a grand one--", 0, 86),
      line("that the Major-", 0, 72),
      line("General liked.", 0, 58),
    ];
    expect(paragraphsFromLines(lines, options())).toEqual([
      "it was his purpose—a grand one--that the Major-General liked.",
    ]);
  });
});

describe("Vocabulary and producers that do not hyphenate", () => {
  it("keeps a compound's hyphen at a line end when no break leaves a fragment", () => {
    const vocabulary = new Vocabulary();
    for (const text of ["an old-", "fashioned inn by the sea-", "side, old and grey", "a sea view"])
      vocabulary.addLine(text);
    expect(vocabulary.hyphenates).toBe(false);
    expect(vocabulary.join("an old-", "fashioned inn")).toBe("an old-fashioned inn");
  });

  it("still closes up a typesetter's breaks in a hyphenating book", () => {
    const vocabulary = new Vocabulary();
    for (const text of ["she won-", "dered and pun-", "ished the hand-", "some cur-", "tain"])
      vocabulary.addLine(text);
    expect(vocabulary.hyphenates).toBe(true);
    expect(vocabulary.join("the hand-", "some man")).toBe("the handsome man");
  });
});

describe("joinSplitLabels", () => {
  it("joins a number-only bookmark with the title bookmark on its page", () => {
    const node = (title: string, page: number) => ({ title, page, top: null, children: [] });
    const joined = joinSplitLabels([
      node("CHAPTER 1", 4),
      node("Loomings.", 4),
      node("CHAPTER 2", 9),
      node("CHAPTER 3", 12),
    ]);
    expect(joined.map((each) => each.title)).toEqual([
      "CHAPTER 1 Loomings.",
      "CHAPTER 2",
      "CHAPTER 3",
    ]);
  });
});

describe("chaptersWithoutOutline", () => {
  const prose = (page: number, y: number) => [
    line("It was a cold day in the town by the river,", page, y),
    line("and the people walked slowly to the market.", page, y - 14),
  ];

  it("makes an epilogue printed above numbered chapters their part, skipping sub-headings", () => {
    const lines = [
      line("PART I", 0, 700, 24),
      line("CHAPTER I", 0, 660, 18),
      ...prose(0, 620),
      line("CHAPTER II", 1, 700, 18),
      line("Midnight, the forecastle.", 1, 670, 14),
      ...prose(1, 640),
      line("EPILOGUE", 2, 700, 24),
      line("I", 2, 660, 18),
      ...prose(2, 620),
      line("II", 3, 700, 18),
      ...prose(3, 660),
    ];
    const { chapters } = chaptersWithoutOutline(lines, options(), null);
    const body = chapters.filter((chapter) => chapter.kind === "body");
    expect(body.map((chapter) => [chapter.title, chapter.part])).toEqual([
      ["CHAPTER I", "PART I"],
      ["CHAPTER II", "PART I"],
      ["I", "EPILOGUE"],
      ["II", "EPILOGUE"],
    ]);
    const second = body[1]!;
    expect(second.text.slice(second.bodyOffset ?? 0).startsWith("It was a cold day")).toBe(true);
  });
});
