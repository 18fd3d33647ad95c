import { defaultPrices, defaultTiers } from "../config/defaults.js";
import { configSchema } from "../config/schema.js";
import { type Bible, bibleSchema, type Screenplay, screenplaySchema } from "../script/schema.js";
import type { BodyChapter } from "../script/writer.js";
import type { PlanInput } from "./plan.js";

/** Small hand-built fixtures for the planner's tests, checked by the real zod schemas. */

export function testBible(overrides: { voice?: string } = {}): Bible {
  const character = (id: string, name: string, description: string, voiceId: string) => ({
    id,
    name,
    aliases: [],
    role: "major" as const,
    description,
    personality: "curious",
    gender: "female" as const,
    age: "young" as const,
    voices: { local: { voiceId: `en+${id}`, name: id }, elevenlabs: { voiceId, name: id } },
    look: { prompt: `${name}, freckles, green coat`, seed: 4242 },
    mentions: 10,
    firstChapter: 1,
  });
  return bibleSchema.parse({
    version: 1,
    book: { title: "Test", author: null, language: "en" },
    style: { visual: "Watercolour storybook", palette: "soft greens" },
    narrator: {
      voices: {
        local: { voiceId: "en", name: "narrator" },
        elevenlabs: { voiceId: "N1", name: "n" },
      },
    },
    characters: [
      character(
        "alice",
        "Alice",
        "A girl of ten with a blue dress. She is bold.",
        overrides.voice ?? "A1",
      ),
      character("rabbit", "White Rabbit", "A white rabbit in a waistcoat.", "R1"),
    ],
    locations: [],
    writer: "extractive",
  });
}

export function testChapter(index: number, words = 1200): BodyChapter {
  return {
    index,
    id: `chapter-hash-${index}`,
    title: `Chapter ${index}`,
    part: null,
    kind: "body",
    text: "word ".repeat(words),
    words,
    startsWith: "word word",
  };
}

/** Chapter `index` with two scenes; `edit` replaces the text of line 2 of scene 1. */
export function testScreenplay(index: number, edit?: string): Screenplay {
  const nn = String(index).padStart(2, "0");
  const scene = (number: number, heading: string, lines: Array<[string, string, string]>) => {
    const id = `ch${nn}-sc0${number}`;
    return {
      id,
      heading,
      location: null,
      summary: "",
      mood: "whimsical" as const,
      shots: [
        {
          id: `${id}-sh01`,
          description: "A riverbank in summer.",
          camera: "WIDE" as const,
          characters: ["alice"],
        },
        {
          id: `${id}-sh02`,
          description: "The rabbit checks a watch.",
          camera: "CLOSE-UP" as const,
          characters: ["rabbit"],
        },
      ],
      lines: lines.map(([speaker, text, shot], position) => ({
        id: `${id}-l0${position + 1}`,
        speaker,
        text,
        emotion: position === 1 ? ("excited" as const) : ("neutral" as const),
        shot: `${id}-${shot}`,
      })),
      sourceHash: `source-${id}`,
    };
  };
  return screenplaySchema.parse({
    version: 1,
    chapter: { index, title: `Chapter ${index}`, id: `chapter-hash-${index}` },
    targetMinutes: 2.4,
    writer: "extractive",
    writerVersion: "1",
    scenes: [
      scene(1, "EXT. RIVERBANK - DAY", [
        ["narrator", "Alice was beginning to get very tired of sitting by her sister.", "sh01"],
        ["alice", edit ?? "What is the use of a book without pictures?", "sh01"],
        ["rabbit", "Oh dear! Oh dear! I shall be late!", "sh02"],
      ]),
      scene(2, "INT. RABBIT HOLE - CONTINUOUS", [
        ["narrator", "Down, down, down she fell.", "sh01"],
      ]),
    ],
  });
}

export function testInput(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    file: "books/alice.txt",
    bookId: "book-sha",
    language: "en-GB",
    chapters: [testChapter(1), testChapter(2)],
    bodyChapters: 12,
    bible: testBible(),
    screenplays: new Map([[1, testScreenplay(1)]]),
    tier: "local",
    chains: defaultTiers.local,
    prices: defaultPrices,
    aspect: "16:9",
    quality: "standard",
    script: configSchema.parse({}).script,
    writerVersion: "1",
    ...overrides,
  };
}
