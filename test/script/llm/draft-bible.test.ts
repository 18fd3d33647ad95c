import { describe, expect, it } from "vitest";
import { buildBible } from "../../../src/script/bible/index.js";
import { llmWriter } from "../../../src/script/llm/index.js";
import type { CharacterCandidate } from "../../../src/script/writer.js";
import { useWriterHarness } from "./harness.js";
import { book, CHAT, FIRST, links, RecordingLookup } from "./support.js";

const harness = useWriterHarness();

const candidates: CharacterCandidate[] = [
  {
    name: "Alice",
    aliases: [],
    mentions: 386,
    speaking: 120,
    firstChapter: 1,
    gender: "female",
    age: "child",
  },
  {
    name: "Hatter",
    aliases: ["the Hatter"],
    mentions: 55,
    speaking: 30,
    firstChapter: 6,
    gender: "male",
    age: "unknown",
  },
  {
    name: "Dinah",
    aliases: [],
    mentions: 14,
    speaking: 0,
    firstChapter: 1,
    gender: "unknown",
    age: "unknown",
  },
];

const reply = {
  characters: [
    {
      name: "Alice",
      aliases: [],
      role: "protagonist",
      description: "A girl of seven in a pinafore.",
      personality: "curious",
      gender: "female",
      age: "child",
    },
    {
      name: "The Hatter",
      aliases: ["Mad Hatter"],
      role: "major",
      description: "A small man in a huge top hat.",
      personality: "rude",
      gender: "male",
      age: "adult",
    },
    {
      name: "The Cheshire Cat",
      aliases: [],
      role: "minor",
      description: "A grinning cat.",
      personality: "sly",
      gender: "unknown",
      age: "unknown",
    },
  ],
  locations: [{ name: "The Tea Table", description: "Under a tree.", interior: false }],
  style: { visual: "Victorian engraving", palette: "sepia" },
};

describe("llmWriter.draftBible", () => {
  it("drafts from candidates and whole-book passages; counts come from the candidates", async () => {
    const lookup = new RecordingLookup([
      { chapterIndex: 12, text: "Alice appearance: her hair streamed behind her, chapter twelve." },
      { chapterIndex: 7, text: "The Hatter appearance: his hat bore a price ticket." },
    ]);
    harness.emulator.queueChatReply({ forModel: FIRST, content: JSON.stringify(reply) });
    const writer = llmWriter({
      links: links(harness.emulator, harness.store.db, harness.events),
      sectionWords: 2500,
      events: harness.events,
    });
    const draft = await writer.draftBible({ book: book(), candidates, passages: lookup.lookup });

    expect(harness.emulator.count(CHAT, FIRST)).toBe(1);
    for (const call of lookup.calls) expect(call.options?.before).toBeUndefined();
    expect(lookup.calls.map((call) => call.query)).toEqual([
      "Alice appearance",
      "Hatter appearance",
      "Dinah appearance",
    ]);
    const prompt = harness.emulator
      .chatBodies()[0]!
      .messages!.map((m) => String(m.content))
      .join("\n");
    expect(prompt).toContain("chapter twelve");
    expect(prompt).toContain("Hatter (the Hatter): 55 mentions, 30 lines");

    expect(draft.writer).toBe(`openrouter:${FIRST}`);
    expect(draft.characters.map((c) => [c.name, c.mentions, c.firstChapter])).toEqual([
      ["Alice", 386, 1],
      ["The Hatter", 55, 6],
      ["The Cheshire Cat", 0, null],
    ]);
    const bible = buildBible(draft, book(), null);
    expect(bible.characters.map((c) => c.id)).toEqual(["alice", "the-hatter", "the-cheshire-cat"]);
    expect(bible.style.visual).toBe("Victorian engraving");
  });
});
