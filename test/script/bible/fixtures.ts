import type { Book } from "../../../src/model/book.js";
import { normalizeVoice } from "../../../src/providers/elevenlabs/voice-labels.js";
import type { Voice } from "../../../src/providers/spec/index.js";
import type { BibleDraft, CharacterDraft } from "../../../src/script/writer.js";

export function book(overrides: Partial<Book> = {}): Book {
  return {
    id: "b".repeat(64),
    title: "Pride and Prejudice",
    author: "Jane Austen",
    language: "en",
    format: "txt",
    chapters: [],
    warnings: [],
    source: { path: "/books/pride.txt", bytes: 1 },
    ...overrides,
  };
}

export function character(
  name: string,
  mentions: number,
  gender: CharacterDraft["gender"],
  age: CharacterDraft["age"] = "adult",
  aliases: string[] = [],
): CharacterDraft {
  return {
    name,
    aliases,
    role: mentions > 100 ? "protagonist" : "minor",
    description: `${name}, as the book describes them.`,
    personality: "reserved",
    gender,
    age,
    mentions,
    firstChapter: 1,
  };
}

/** Pride and Prejudice's most frequent speakers plus a few minor ones. */
export function prideDraft(): BibleDraft {
  return {
    characters: [
      character("Elizabeth Bennet", 600, "female", "young", ["Lizzy", "Eliza"]),
      character("Mr. Darcy", 400, "male", "young", ["Darcy", "Fitzwilliam Darcy"]),
      character("Jane Bennet", 300, "female", "young", ["Jane"]),
      character("Mrs. Bennet", 250, "female", "adult"),
      character("Mr. Bennet", 240, "male", "old"),
      character("Mr. Bingley", 230, "male", "young", ["Bingley"]),
      character("Mr. Collins", 180, "male", "adult"),
      character("Lady Catherine de Bourgh", 120, "female", "old", ["Lady Catherine"]),
      character("Kitty Bennet", 40, "female", "child", ["Kitty"]),
      character("Mr. Lucas", 20, "unknown", "unknown"),
    ],
    locations: [
      { name: "Longbourn", description: "The Bennets' house.", interior: true },
      { name: "Netherfield Park", description: "Bingley's estate.", interior: null },
    ],
    style: { visual: "Regency watercolour illustration", palette: "soft pastels" },
    writer: "extractive",
  };
}

/** An ElevenLabs-shaped catalogue (free-form labels), normalised as the provider does. */
export function elevenLabsVoices(): Voice[] {
  const raw: Array<[string, string, Record<string, string>, string?]> = [
    ["v-rachel", "Rachel", { gender: "female", age: "young", accent: "american" }, "Calm narrator"],
    ["v-adam", "Adam", { gender: "Male", age: "middle aged" }],
    ["v-daniel", "Daniel", { gender: "male", age: "middle_aged", accent: "british" }],
    ["v-matilda", "Matilda", { gender: "female", age: "young" }],
    ["v-dorothy", "Dorothy", { gender: "female", age: "young", use_case: "children's stories" }],
    ["v-fin", "Fin", { gender: "male", age: "Old" }],
    ["v-river", "River", { gender: "non-binary", age: "young" }],
    ["v-grace", "Grace", { gender: "Female", age: "middle-aged" }],
    ["v-george", "George", { gender: "male", age: "young" }],
    ["v-lily", "Lily", { gender: "female", age: "Middle Aged" }],
    ["v-bill", "Bill", { gender: "male", age: "old" }],
    ["v-nicole", "Nicole", { gender: "female", age: "old" }],
    ["v-sam", "Sam", { gender: "male", age: "young" }],
    ["v-amelie", "Amélie", { gender: "female", age: "young", language: "fr" }],
  ];
  return raw.map(([voiceId, name, labels, description]) =>
    normalizeVoice({ voiceId, name, labels, ...(description ? { description } : {}) }),
  );
}

/** Fisher–Yates with a fixed seed (mulberry32), so a failure can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}
