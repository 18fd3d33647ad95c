import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildBible } from "../../../src/script/bible/index.js";
import { llmWriter, llmWriterVersion } from "../../../src/script/llm/index.js";
import { splitSections } from "../../../src/script/llm/sections.js";
import { DEFAULT_TEMPLATE_DIR } from "../../../src/script/llm/templates.js";
import type { Bible } from "../../../src/script/schema.js";
import { useWriterHarness } from "./harness.js";
import {
  bible,
  bigBible,
  book,
  CHAT,
  chapter,
  FIRST,
  links,
  RecordingLookup,
  target,
} from "./support.js";

const harness = useWriterHarness();

function writer(sectionWords = 2500, templates?: Record<string, string>) {
  return llmWriter({
    links: links(harness.emulator, harness.store.db, harness.events),
    sectionWords,
    events: harness.events,
    ...(templates ? { templates } : {}),
  });
}

function adapt(text: string, storyBible: Bible = bible(), sectionWords = 2500, index = 5) {
  const toAdapt = chapter(index, text);
  return writer(sectionWords).adaptChapter({
    book: book([toAdapt]),
    chapter: toAdapt,
    bodyChapters: 30,
    bible: storyBible,
    target,
    passages: new RecordingLookup([]).lookup,
  });
}

/** Every `enum` array in a JSON Schema, wherever it sits. */
function enums(schema: unknown): string[][] {
  if (typeof schema !== "object" || schema === null) return [];
  const own = Array.isArray((schema as { enum?: unknown }).enum)
    ? [(schema as { enum: string[] }).enum]
    : [];
  return [...own, ...Object.values(schema).flatMap((value) => enums(value))];
}

function schemaSent(index = 0): unknown {
  return harness.emulator.chatBodies()[index]?.response_format?.json_schema?.schema;
}

function promptSent(index = 0): string {
  return (harness.emulator.chatBodies()[index]?.messages ?? [])
    .map((m) => String(m.content))
    .join("\n");
}

function reply(lines: Array<[string, string]>, newCharacters: Array<{ name: string }> | null) {
  return JSON.stringify({
    newCharacters:
      newCharacters?.map((character) => ({
        ...character,
        gender: "male",
        age: "adult",
        description: `${character.name}, tall and proud`,
      })) ?? null,
    scenes: [
      {
        heading: "INT. BALL ROOM - NIGHT",
        location: null,
        summary: "a ball",
        mood: "tense",
        shots: [
          {
            description: "dancers",
            camera: "WIDE",
            characters: lines.map(([speaker]) => speaker).filter((id) => id !== "narrator"),
            lines: lines.map(([speaker, text]) => ({ speaker, text, emotion: "neutral" })),
          },
        ],
      },
    ],
  });
}

describe("llmWriter review fixes (harness.emulator)", () => {
  it("sends only the chapter's cast: few enum values, no later characters, short descriptions", async () => {
    const big = bigBible();
    await adapt("Alias299 bowed to Person7 Surname7 at the door.", big);
    const values = enums(schemaSent()).flat().length;
    expect(values).toBeLessThanOrEqual(250);
    const prompt = promptSent();
    // Named in the text: present even though the finder put them in chapter 30.
    expect(prompt).toContain(big.characters[299]!.id);
    // Not named and first seen after chapter 5: absent.
    expect(prompt).not.toContain(`"${big.characters[28]!.id}"`);
    expect(prompt).not.toContain(big.characters[0]!.description);
    // The whole bible as compact JSON would be over 250,000 characters.
    expect(prompt.length).toBeLessThan(30_000);
  });

  it("has no length keywords in the schema when the bible has no characters", async () => {
    const empty = buildBible(
      { characters: [], locations: [], style: { visual: "ink", palette: "grey" }, writer: "t" },
      book(),
      null,
    );
    const result = await adapt("It rained all day.", empty);
    expect(JSON.stringify(schemaSent())).not.toMatch(/"(maxItems|minItems|maxLength|minLength)"/);
    expect(result.screenplay.scenes.length).toBeGreaterThan(0);
  });

  it("maps new:k speakers to provisional ids, one per person across sections", async () => {
    harness.emulator.queueChatReply({
      forModel: FIRST,
      content: reply(
        [
          ["new:1", "Not handsome enough to tempt me."],
          ["new:2", "Dear me."],
        ],
        [{ name: "Mr. Darcy" }, { name: "Alice" }],
      ),
    });
    harness.emulator.queueChatReply({
      forModel: FIRST,
      content: reply([["new:1", "I have been meditating."]], [{ name: "mr darcy" }]),
    });
    const paragraph = (n: number) => `Paragraph ${n} ${"word ".repeat(48).trim()}.`;
    // Paragraphs 5–8 fall into two sections of 100 words (cuts are content-defined).
    const text = Array.from({ length: 4 }, (_, n) => paragraph(n + 5)).join("\n\n");
    expect(splitSections(text, 100).map((section) => section.words)).toEqual([100, 100]);
    const result = await adapt(text, bible(), 100);

    expect(harness.emulator.count(CHAT)).toBe(2);
    const speakers = result.screenplay.scenes.flatMap((scene) => scene.lines.map((l) => l.speaker));
    expect(speakers).toEqual(["new-1", "alice", "new-1"]);
    expect(result.screenplay.scenes[0]!.shots[0]!.characters).toEqual(["new-1", "alice"]);
    expect(result.newCharacters).toEqual([
      {
        id: "new-1",
        name: "Mr. Darcy",
        aliases: [],
        role: "minor",
        description: "Mr. Darcy, tall and proud",
        personality: "",
        gender: "male",
        age: "adult",
        mentions: 0,
        firstChapter: 5,
      },
    ]);
  });

  it("records a version that changes with sectionWords and the user's templates", async () => {
    const first = writer();
    expect(first.version).toMatch(/^[0-9a-f]{12}$/);
    expect(writer().version).toBe(first.version);
    expect(llmWriterVersion({ sectionWords: 2500 })).toBe(first.version);
    expect(writer(2000).version).not.toBe(first.version);
    const custom = join(harness.folder, "repair.md");
    writeFileSync(custom, `${readFileSync(`${DEFAULT_TEMPLATE_DIR}repair.md`, "utf8")}\nBe brief.`);
    expect(writer(2500, { repair: custom }).version).not.toBe(first.version);

    const result = await adapt("Alice sat down.");
    expect(result.screenplay.writerVersion).toBe(first.version);
  });
});
