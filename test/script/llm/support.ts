import { createHash } from "node:crypto";
import type { Book } from "../../../src/model/book.js";
import {
  type ResilienceOverrides,
  resilientChain,
} from "../../../src/providers/middleware/index.js";
import { createOpenAICompatible } from "../../../src/providers/openai/openai-provider.js";
import { buildBible } from "../../../src/script/bible/index.js";
import type { LlmLink } from "../../../src/script/llm/index.js";
import type { Bible } from "../../../src/script/schema.js";
import type { ChapterTarget } from "../../../src/script/target.js";
import type { BodyChapter, Passage, PassageLookup } from "../../../src/script/writer.js";
import type { Db } from "../../../src/store/db.js";
import {
  EMULATOR_API_KEY,
  type OpenAICompatibleEmulator,
} from "../../emulators/openai-compatible.js";
import type { EventLog } from "../../providers/support/temp-store.js";

export const FIRST = "model-first";
export const SECOND = "model-second";
export const CHAT = "/chat/completions";
export const fast: ResilienceOverrides = { timeScale: 0.002, retry: { initialDelayMs: 5 } };

/** One link per model, each the real SDK model wrapped in the standard resilience stack. */
export function links(
  emulator: OpenAICompatibleEmulator,
  db: Db,
  events: EventLog,
  models = [FIRST, SECOND],
): LlmLink[] {
  const provider = createOpenAICompatible({
    provider: "openrouter",
    baseURL: `${emulator.url}/api/v1`,
    apiKey: EMULATOR_API_KEY,
  });
  return models.map((modelId) => ({
    ref: `openrouter:${modelId}`,
    model: resilientChain([provider.text(modelId)], { db, events, settings: fast }),
  }));
}

export function book(chapters: BodyChapter[] = []): Book {
  return {
    id: "c".repeat(64),
    title: "Alice's Adventures in Wonderland",
    author: "Lewis Carroll",
    language: "en",
    format: "txt",
    chapters,
    warnings: [],
    source: { path: "/books/alice.txt", bytes: 1 },
  };
}

export function chapter(index: number, text: string, title = `Chapter ${index}`): BodyChapter {
  return {
    index,
    id: createHash("sha256").update(`${title}\n${text}`).digest("hex"),
    title,
    part: null,
    kind: "body",
    text,
    words: text.split(/\s+/).filter(Boolean).length,
    startsWith: text.split(/\s+/).slice(0, 12).join(" "),
  };
}

/** A bible with three characters and one location; no Mr. Darcy. */
export function bible(): Bible {
  return buildBible(
    {
      characters: [
        person("Alice", 400, "female", "child"),
        person("The Hatter", 90, "male", "adult"),
        person("The March Hare", 60, "male", "adult"),
      ],
      locations: [
        { name: "Tea Table", description: "A long table under a tree.", interior: false },
      ],
      style: { visual: "Tenniel engraving", palette: "ink" },
      writer: "test",
    },
    book(),
    null,
  );
}

function person(name: string, mentions: number, gender: "female" | "male", age: "child" | "adult") {
  return {
    name,
    aliases: [],
    role: "major" as const,
    description: `${name} as drawn by Tenniel.`,
    personality: "curious",
    gender,
    age,
    mentions,
    firstChapter: 1,
  };
}

export const target: ChapterTarget = { minutes: 2, spokenWords: 300, ratio: 0.5 };

/** A reply that conforms to the screenplay draft schema for `bible()`. */
export function sceneReply(
  label: string,
  speakers: string[] = ["narrator", "the-hatter", "alice"],
): string {
  return JSON.stringify({
    newCharacters: null,
    scenes: [
      {
        heading: "EXT. TEA TABLE - AFTERNOON",
        location: "tea-table",
        summary: `${label}: tea is served`,
        mood: "whimsical",
        shots: [
          {
            description: `${label}: a long table set for many, three at one corner`,
            camera: "WIDE",
            characters: ["alice", "the-hatter"],
            lines: speakers.slice(0, 2).map((speaker, index) => ({
              speaker,
              text: `${label} line ${index + 1}`,
              emotion: "curious",
            })),
          },
          {
            description: `${label}: the Hatter's face, close`,
            camera: "CLOSE-UP",
            characters: ["the-hatter"],
            lines: speakers.slice(2).map((speaker, index) => ({
              speaker,
              text: `${label} line ${index + 3}`,
              emotion: "surprised",
            })),
          },
        ],
      },
      {
        heading: "INT. NOWHERE",
        location: null,
        summary: `${label}: Alice leaves`,
        mood: "comic",
        shots: [
          {
            description: `${label}: Alice walks off`,
            camera: "MEDIUM",
            characters: ["alice"],
            lines: [{ speaker: "narrator", text: `${label} closing`, emotion: "neutral" }],
          },
        ],
      },
    ],
  });
}

/** Records every lookup and answers from fixed passages, honouring `before` like the index does. */
export class RecordingLookup {
  readonly calls: Array<{ query: string; options: { k?: number; before?: number } | undefined }> =
    [];
  constructor(
    readonly passages: Passage[],
    readonly honourBefore = true,
  ) {}

  readonly lookup: PassageLookup = async (query, options) => {
    this.calls.push({ query, options });
    const words = query
      .toLowerCase()
      .split(/\W+/)
      .filter((word) => word.length > 3);
    return this.passages
      .filter(
        (passage) =>
          !this.honourBefore ||
          options?.before === undefined ||
          (passage.chapterIndex ?? 0) < options.before,
      )
      .filter(
        (passage) =>
          words.length === 0 || words.some((word) => passage.text.toLowerCase().includes(word)),
      )
      .slice(0, options?.k ?? 5);
  };
}

/** Every string in a JSON Schema's `speaker` property, wherever it sits. */
export function findProperty(schema: unknown, name: string): Record<string, unknown> | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  const direct = properties?.[name];
  if (direct && typeof direct === "object") return direct as Record<string, unknown>;
  for (const value of Object.values(schema)) {
    const found = Array.isArray(value)
      ? value.map((item) => findProperty(item, name)).find(Boolean)
      : findProperty(value, name);
    if (found) return found;
  }
  return undefined;
}

/** A War-and-Peace-sized bible: 300 characters met across 30 chapters, long descriptions. */
export function bigBible() {
  return buildBible(
    {
      characters: Array.from({ length: 300 }, (_, n) => ({
        name: `Person${n} Surname${n}`,
        aliases: [`Alias${n}`],
        role: "minor" as const,
        description: `Portrait ${n}: ${"tall and grave, in a dark coat, ".repeat(20)}`,
        personality: "",
        gender: "male" as const,
        age: "adult" as const,
        mentions: 1000 - n,
        firstChapter: (n % 30) + 1,
      })),
      locations: Array.from({ length: 100 }, (_, n) => ({
        name: `Place${n}`,
        description: `A place ${"with columns and long windows, ".repeat(15)}`,
        interior: true,
      })),
      style: { visual: "oil", palette: "brown" },
      writer: "test",
    },
    book(),
    null,
  );
}
