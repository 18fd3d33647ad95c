import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { corpusDir, inCi } from "../../test/support/corpus.js";
import { chunkChapter, DEFAULT_TARGET_CHARS, type Passage } from "./chunk.js";

/** A corpus-like chapter: paragraphs of dialogue and prose joined by blank lines. */
function novelChapter(paragraphs: number): string {
  const lines: string[] = [];
  for (let index = 0; index < paragraphs; index++) {
    lines.push(
      index % 3 === 0
        ? `“Are you off to the war, Prince?” said Anna Pávlovna. “Mr. Darcy is ${index}.”`
        : `Prince Andrew screwed up his eyes and turned away number ${index}. Pierre, who had watched him with glad eyes, now came up and took his arm… He smiled. St. Petersburg was cold that year; H. G. Wells was not yet born!`,
    );
  }
  return lines.join("\n\n");
}

function expectExactOffsets(text: string, passages: Passage[]): void {
  passages.forEach((passage, ordinal) => {
    expect(passage.ordinal).toBe(ordinal);
    expect(text.slice(passage.start, passage.end)).toBe(passage.text);
    expect(passage.text).toBe(passage.text.trim());
  });
}

describe("chunkChapter", () => {
  it("gives no passages for empty or blank text", () => {
    expect(chunkChapter("")).toEqual([]);
    expect(chunkChapter("  \n\n\t \n")).toEqual([]);
  });

  it("keeps exact offsets, whole sentences and the target size on a novel-like chapter", () => {
    const text = novelChapter(60);
    const passages = chunkChapter(text);
    expectExactOffsets(text, passages);
    expect(passages.length).toBeGreaterThan(5);
    for (const passage of passages) {
      expect(passage.text.length).toBeLessThanOrEqual(DEFAULT_TARGET_CHARS * 1.25);
      // Every passage starts at a sentence start and ends after a terminator or closer.
      expect(passage.text).toMatch(/^[“A-Z]/);
      expect(passage.text).toMatch(/[.!?…”]$/);
    }
    // Every character of text is covered (no gaps beyond whitespace).
    for (let index = 1; index < passages.length; index++)
      expect(text.slice(passages[index - 1]!.end, passages[index]!.start).trim()).toBe("");
  });

  it("prefers paragraph ends as passage ends", () => {
    const text = novelChapter(60);
    const passages = chunkChapter(text, { targetChars: 600, overlapChars: 0 });
    const atParagraphEnd = passages.filter(
      (passage) => passage.end === text.length || text.startsWith("\n\n", passage.end),
    );
    expect(atParagraphEnd.length).toBe(passages.length);
  });

  it("repeats the previous passage's last whole sentences as overlap", () => {
    const sentence = (index: number) => `Sentence number ${index} is here and says little.`;
    const text = Array.from({ length: 80 }, (_, index) => sentence(index)).join(" ");
    const passages = chunkChapter(text, { targetChars: 400, overlapChars: 120 });
    expectExactOffsets(text, passages);
    for (let index = 1; index < passages.length; index++) {
      const previous = passages[index - 1]!;
      const current = passages[index]!;
      expect(current.start).toBeLessThan(previous.end);
      expect(previous.end - current.start).toBeLessThanOrEqual(120);
      expect(previous.text.endsWith(text.slice(current.start, previous.end))).toBe(true);
      expect(current.text).toMatch(/^Sentence number \d+/);
    }
    const withoutOverlap = chunkChapter(text, { targetChars: 400, overlapChars: 0 });
    for (let index = 1; index < withoutOverlap.length; index++)
      expect(withoutOverlap[index]!.start).toBeGreaterThan(withoutOverlap[index - 1]!.end);
  });

  it("splits only sentences over twice the target, at whitespace", () => {
    const long = `${"word ".repeat(500).trim()}.`;
    const medium = `${"word ".repeat(30).trim()}.`;
    const text = `${medium} ${long} ${medium}`;
    const passages = chunkChapter(text, { targetChars: 200, overlapChars: 0 });
    expectExactOffsets(text, passages);
    for (const passage of passages) {
      expect(passage.text.length).toBeLessThanOrEqual(250);
      expect(passage.text).toMatch(/^word(\.? word)*\.?$/);
    }
    const words = passages.reduce((sum, passage) => sum + passage.text.split(" ").length, 0);
    expect(words).toBe(560);
    const notLongEnough = `${"word ".repeat(70).trim()}.`;
    expect(
      chunkChapter(notLongEnough, { targetChars: 200 }).map((passage) => passage.text),
    ).toEqual([notLongEnough]);
  });

  it("chunks unspaced CJK text on its full stops", () => {
    const text = "吾輩は猫である。名前はまだ無い。".repeat(40);
    const passages = chunkChapter(text, { targetChars: 100, overlapChars: 20 });
    expectExactOffsets(text, passages);
    for (const passage of passages) expect(passage.text).toMatch(/。$/);
    const unpunctuated = "𠀋".repeat(500);
    const pieces = chunkChapter(unpunctuated, { targetChars: 101, overlapChars: 0 });
    expectExactOffsets(unpunctuated, pieces);
    expect(pieces.map((passage) => passage.text).join("")).toBe(unpunctuated);
  });

  it("is deterministic and rejects a non-positive target", () => {
    const text = novelChapter(30);
    expect(chunkChapter(text)).toEqual(chunkChapter(text));
    expect(() => chunkChapter(text, { targetChars: 0 })).toThrow(RangeError);
  });

  const warAndPeace = join(corpusDir, "war_and_peace_pg2600.txt");
  // Speed is measured by bench/rag.js, not asserted here. Under CI a missing corpus fails.
  it.skipIf(!existsSync(warAndPeace) && !inCi)(
    "chunks all of War and Peace with exact offsets",
    () => {
      const text = readFileSync(warAndPeace, "utf8").replace(/\r\n/g, "\n");
      const chapters = text.split(/\n{3,}/);
      const all = chapters.map((chapter) => chunkChapter(chapter));
      chapters.forEach((chapter, index) => {
        for (const passage of all[index]!)
          expect(chapter.slice(passage.start, passage.end)).toBe(passage.text);
      });
      expect(all.flat().length).toBeGreaterThan(3000);
    },
  );
});
