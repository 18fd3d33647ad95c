import { describe, expect, it } from "vitest";
import {
  CAST_LIMIT,
  chapterCast,
  mentions,
  trimDescription,
} from "../../../src/script/llm/cast.js";
import { screenplayDraftIssues } from "../../../src/script/llm/draft-schemas.js";
import { splitSections } from "../../../src/script/llm/sections.js";
import { loadTemplate } from "../../../src/script/llm/templates.js";
import { writerVersionOf } from "../../../src/script/llm/version.js";
import { bigBible } from "./support.js";

describe("chapter cast", () => {
  it("keeps later characters out, puts those the section names first and caps the list", () => {
    const bible = bigBible();
    // Person299 (first chapter 30, fewest mentions) is named in the text, by alias.
    const cast = chapterCast(bible, 10, "Then Alias299 came in and spoke to Person7 Surname7.");
    const ids = cast.characters.map((character) => character.id);
    expect(ids.length).toBe(CAST_LIMIT);
    expect(ids.slice(0, 2)).toEqual([bible.characters[7]!.id, bible.characters[299]!.id]);
    for (const character of cast.characters.slice(2))
      expect(character.firstChapter).toBeLessThanOrEqual(10);
    expect(cast.locations.length).toBeLessThanOrEqual(40);
  });

  it("matches names as whole words and trims descriptions at a word", () => {
    expect(mentions("Anna smiled.", "Ann")).toBe(false);
    expect(mentions("said Mr. Darcy, coldly", "mr. darcy")).toBe(true);
    const trimmed = trimDescription("word ".repeat(100));
    expect(trimmed.length).toBeLessThanOrEqual(200);
    expect(trimmed.endsWith("word…")).toBe(true);
  });
});

describe("sections without blank lines", () => {
  const sentence = (n: number) => `Sentence ${n} ${"word ".repeat(18).trim()}.`;
  const sentences = Array.from({ length: 600 }, (_, n) => sentence(n));

  it("cuts a 12,000-word single paragraph at sentence ends", () => {
    const text = sentences.join(" ");
    const sections = splitSections(text, 2500);
    expect(sections.length).toBeGreaterThanOrEqual(3);
    for (const section of sections) {
      expect(section.words).toBeLessThanOrEqual(5000);
      expect(section.text).toMatch(/^Sentence \d+ .*\.$/s);
    }
    expect(sections.map((section) => section.text).join(" ")).toBe(text);
  });

  it("cuts at single line breaks first, keeping them", () => {
    const lines = Array.from({ length: 60 }, (_, n) =>
      sentences.slice(n * 10, n * 10 + 10).join(" "),
    );
    const text = lines.join("\n");
    const sections = splitSections(text, 2500);
    expect(sections.length).toBeGreaterThanOrEqual(3);
    expect(sections.map((section) => section.text).join("\n")).toBe(text);
    for (const section of sections) expect(lines).toContain(section.text.split("\n")[0]);
  });

  it("never cuts inside a sentence", () => {
    const huge = `${"word ".repeat(5000).trim()}.`;
    expect(splitSections(huge, 1000)).toEqual([{ text: huge, words: 5000 }]);
  });
});

describe("new speakers in the post-parse check", () => {
  it("accepts new:k only when newCharacters has a k-th entry with a name", () => {
    const draft = (speaker: string, newCharacters: Array<{ name: string }> | null) => ({
      newCharacters:
        newCharacters?.map((character) => ({
          ...character,
          gender: "male" as const,
          age: "adult" as const,
          description: "",
        })) ?? null,
      scenes: [
        {
          heading: "INT. A - DAY",
          location: null,
          summary: "s",
          mood: "calm" as const,
          shots: [
            {
              description: "d",
              camera: "WIDE" as const,
              characters: [speaker],
              lines: [{ speaker, text: "Hm.", emotion: "neutral" as const }],
            },
          ],
        },
      ],
    });
    const cast = { characters: [] };
    expect(screenplayDraftIssues(draft("new:1", [{ name: "Mr. Darcy" }]), cast)).toEqual([]);
    expect(screenplayDraftIssues(draft("new:2", [{ name: "Mr. Darcy" }]), cast).join()).toMatch(
      /new:2/,
    );
    expect(screenplayDraftIssues(draft("new:1", null), cast).join()).toMatch(/speaker: "new:1"/);
    expect(screenplayDraftIssues(draft("new:1", [{ name: " " }]), cast).join()).toMatch(
      /name: empty/,
    );
  });
});

describe("repair template and version", () => {
  it("the shipped repair prompt names no bible ids (it also repairs the bible draft)", async () => {
    const repair = await loadTemplate("repair");
    expect(repair.text).not.toMatch(/character ids|story bible/i);
  });

  it("hashes the code version, the three templates and sectionWords", () => {
    const texts = { bible: { text: "b" }, screenplay: { text: "s" }, repair: { text: "r" } };
    const version = writerVersionOf(texts, 2500);
    expect(version).toMatch(/^[0-9a-f]{12}$/);
    expect(writerVersionOf(texts, 2500)).toBe(version);
    expect(writerVersionOf(texts, 2400)).not.toBe(version);
    expect(writerVersionOf({ ...texts, repair: { text: "r2" } }, 2500)).not.toBe(version);
  });
});
