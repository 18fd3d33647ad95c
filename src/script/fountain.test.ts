import { describe, expect, it } from "vitest";
import { outlineOf, readBack } from "../../test/support/fountain.js";
import { characterCue, toFountain } from "./fountain.js";
import type { Bible, Character, Line, Screenplay } from "./schema.js";

function character(id: string, name: string): Character {
  return {
    id,
    name,
    aliases: [],
    role: "major",
    description: "",
    personality: "",
    gender: "unknown",
    age: "unknown",
    voices: {},
    look: { prompt: "", seed: 1 },
    mentions: 1,
    firstChapter: 1,
  };
}

const bible: Bible = {
  version: 1,
  book: { title: "Tricky Tales", author: "A. Writer", language: "en" },
  style: { visual: "ink", palette: "grey" },
  narrator: { voices: {} },
  characters: [
    character("mrs-bennet", "Mrs. Bennet"),
    character("frere-jacques", "Frère Jacques"),
    character("alice", "Alice"),
    character("zhang", "张伟"),
  ],
  locations: [],
  writer: "test",
};

function line(index: number, speaker: string, text: string, emotion: Line["emotion"] = "neutral") {
  return { id: `ln${index}`, speaker, text, emotion, shot: index < 3 ? "sh1" : "sh2" };
}

const tricky: Screenplay = {
  version: 1,
  chapter: { index: 1, title: "CHAPTER I. Quotes and Bangs", id: "c1" },
  targetMinutes: 1,
  writer: "test",
  writerVersion: "test-1",
  scenes: [
    {
      id: "sc1",
      heading: "INT. LONGBOURN DRAWING ROOM - DAY",
      location: null,
      summary: "Mrs. Bennet has news.\nBig news.",
      mood: "comic",
      shots: [
        { id: "sh1", description: "EXT. looks like a heading", camera: "WIDE", characters: [] },
        { id: "sh2", description: "= looks like a synopsis", camera: "CLOSE-UP", characters: [] },
        { id: "sh3", description: "Never spoken over.", camera: "INSERT", characters: [] },
      ],
      lines: [
        line(0, "mrs-bennet", '"My dear Mr. Bennet," said his lady, "have you heard?"', "excited"),
        line(1, "narrator", "!Bang went the door. /* not a comment */"),
        line(2, "frere-jacques", "Dormez-vous?\n\nSonnez les matines.", "whispering"),
        line(3, "alice", "I SHALL NOT GO. THAT IS FINAL."),
        line(4, "zhang", "(aside, to nobody)"),
        line(5, "alice", "~ a song\n# not a section\n.not a heading\n@not a cue\n[[not a note]]"),
        line(6, "unknown-speaker", "> not centered <"),
      ],
      sourceHash: "h1",
    },
    {
      id: "sc2",
      heading: "EXT. GARDEN - NIGHT",
      location: null,
      summary: "",
      mood: "calm",
      shots: [{ id: "sh1", description: "CUT TO:", camera: "WIDE", characters: [] }],
      lines: [line(0, "narrator", "The end.", "sad")],
      sourceHash: "h2",
    },
  ],
};

const second: Screenplay = {
  ...tricky,
  chapter: { index: 2, title: "Chapter 2 - The Garden", id: "c2" },
  scenes: [{ ...tricky.scenes[1]!, id: "sc3", heading: "INT./EXT. CAR - MOVING" }],
};

describe("toFountain", () => {
  const text = toFountain(bible, [tricky, second], { source: "tricky.txt" });
  const parsed = readBack(text);

  it("reads back with the same headings, cues and dialogue, in count and order", () => {
    const expected = outlineOf(bible, [tricky, second]);
    expect(parsed.headings).toEqual(expected.headings);
    expect(parsed.cues).toEqual(expected.cues);
    expect(parsed.dialogue).toEqual(expected.dialogue);
    expect(parsed.cues).toHaveLength(9);
  });

  it("writes a title page and one section per chapter", () => {
    expect(parsed.title).toBe("Tricky Tales");
    expect(text).toMatch(/^Title: Tricky Tales\nCredit: Adapted by litink\nAuthor: A\. Writer\n/);
    expect(text).toContain("Source: Based on the book by A. Writer (tricky.txt)");
    expect(parsed.sections).toEqual(["Chapter 1: Quotes and Bangs", "Chapter 2: The Garden"]);
  });

  it("names cues from the bible in capitals, forcing those plain Fountain would not see", () => {
    expect(parsed.cues.slice(0, 5)).toEqual([
      "MRS. BENNET",
      "NARRATOR (V.O.)",
      "FRÈRE JACQUES",
      "ALICE",
      "张伟",
    ]);
    expect(text).toContain("\n@FRÈRE JACQUES\n");
    expect(text).toContain("\nMRS. BENNET\n(excited)\n");
    expect(parsed.cues[6]).toBe("UNKNOWN SPEAKER");
  });

  it("keeps emotions as parentheticals and escapes text that would change meaning", () => {
    expect(text).toContain("(whispering)\nDormez-vous?\nSonnez les matines.");
    expect(text).toContain("\\(aside, to nobody)");
    expect(text).toContain("/\\* not a comment */");
    // Shots are action, each before the first line it plays under; one ending like a
    // transition is forced with "!" (fountain-js checks transitions first and ignores it).
    expect(parsed.actions).toEqual([
      "WIDE: EXT. looks like a heading",
      "CLOSE-UP: = looks like a synopsis",
      "INSERT: Never spoken over.",
    ]);
    expect(text).toContain("\n!WIDE: CUT TO:\n");
    expect(text.indexOf("CLOSE-UP:")).toBeGreaterThan(text.indexOf("Sonnez les matines"));
    expect(text.indexOf("CLOSE-UP:")).toBeLessThan(text.indexOf("I SHALL NOT GO"));
  });

  it("forces a heading that is not INT./EXT. with a leading period", () => {
    const odd = {
      ...second,
      scenes: [{ ...second.scenes[0]!, heading: "INT. X - Y" }],
    } as Screenplay;
    expect(toFountain(bible, [odd])).toContain("\n\nINT. X - Y\n\n");
    // The schema allows only INT./EXT. headings; a looser one from an old file is forced.
    const loose = { ...odd, scenes: [{ ...odd.scenes[0]!, heading: "ON THE BEACH" }] };
    const forced = toFountain(bible, [loose as Screenplay]);
    expect(forced).toContain("\n\n.ON THE BEACH\n\n");
    expect(readBack(forced).headings).toEqual(["ON THE BEACH"]);
    expect(characterCue("narrator", new Map())).toBe("NARRATOR (V.O.)");
    expect(characterCue("lower", new Map([["lower", "The Cat (grinning)"]]))).toBe(
      "THE CAT GRINNING",
    );
  });
});
