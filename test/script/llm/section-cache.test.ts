import { describe, expect, it } from "vitest";
import { TaskCache } from "../../../src/pipeline/cache.js";
import { extendVoiced, withBibleIds } from "../../../src/script/bible-steps.js";
import { llmWriter } from "../../../src/script/llm/index.js";
import { splitSections } from "../../../src/script/llm/sections.js";
import { missingIds } from "../../../src/script/run-plan.js";
import type { Bible } from "../../../src/script/schema.js";
import type { BodyChapter } from "../../../src/script/writer.js";
import { useWriterHarness } from "./harness.js";
import { bible, book, CHAT, chapter, FIRST, links, RecordingLookup, target } from "./support.js";

const harness = useWriterHarness();
const SECTION_WORDS = 200;

/** 30 paragraphs of about 45 words, distinct openings: several sections at 200 words. */
function paragraphs(): string[] {
  return Array.from(
    { length: 30 },
    (_, n) =>
      `Alice counted ${n} teacups while the Hatter poured, and the March Hare said that the tea was cold, and the table was long, and nobody moved a place down although every cup on the table was dirty.`,
  );
}

const longChapter = (texts: string[]) => chapter(4, texts.join("\n\n"), "A Long Tea-Party");

function writer(cache: TaskCache | undefined, models = [FIRST]) {
  return llmWriter({
    links: links(harness.emulator, harness.store.db, harness.events, models),
    sectionWords: SECTION_WORDS,
    events: harness.events,
    ...(cache ? { sectionCache: cache } : {}),
  });
}

function adapt(cache: TaskCache | undefined, body: BodyChapter, storyBible: Bible = bible()) {
  return writer(cache).adaptChapter({
    book: book([body]),
    chapter: body,
    bodyChapters: 12,
    bible: storyBible,
    target: { ...target, spokenWords: 600 },
    passages: new RecordingLookup([]).lookup,
  });
}

describe("the LLM writer's section cache", () => {
  it("asks again only for the section an edited paragraph belongs to", async () => {
    const cache = new TaskCache(harness.store.db);
    const texts = paragraphs();
    const sections = splitSections(texts.join("\n\n"), SECTION_WORDS);
    expect(sections.length).toBeGreaterThanOrEqual(3);

    const first = await adapt(cache, longChapter(texts));
    expect(harness.emulator.count(CHAT)).toBe(sections.length);
    expect(first.sections).toEqual({ total: sections.length, reused: 0 });

    // No edit: every section is stored, nothing is asked.
    const again = await adapt(cache, longChapter(texts));
    expect(harness.emulator.count(CHAT)).toBe(sections.length);
    expect(again.screenplay).toEqual(first.screenplay);

    // One paragraph reworded in the middle of the chapter: one call.
    const edited = [...texts];
    edited[14] = edited[14]!.replace("the tea was cold", "the tea was stone cold");
    const after = await adapt(cache, longChapter(edited));
    expect(harness.emulator.count(CHAT)).toBe(sections.length + 1);
    expect(after.sections).toEqual({ total: sections.length, reused: sections.length - 1 });
    // The other sections' scenes are the stored ones (the emulator's answers are all alike,
    // so their ids, shots and lines come out the same).
    const before = new Map(first.screenplay.scenes.map((scene) => [scene.sourceHash, scene]));
    const unchanged = after.screenplay.scenes.filter((scene) => before.has(scene.sourceHash));
    expect(unchanged.length).toBe(after.screenplay.scenes.length - 1);
    for (const scene of unchanged) expect(scene).toEqual(before.get(scene.sourceHash));
  });

  it("without a cache, asks for every section every time (the old behaviour)", async () => {
    const texts = paragraphs();
    const count = splitSections(texts.join("\n\n"), SECTION_WORDS).length;
    await adapt(undefined, longChapter(texts));
    await adapt(undefined, longChapter(texts));
    expect(harness.emulator.count(CHAT)).toBe(2 * count);
  });

  it("keeps each section as soon as it is answered: a failure mid-chapter repays nothing", async () => {
    const cache = new TaskCache(harness.store.db);
    const texts = paragraphs();
    const count = splitSections(texts.join("\n\n"), SECTION_WORDS).length;
    // Sections 1 and 2 answer; section 3 gets garbage twice and the only link gives up.
    harness.emulator.queueChatReply({ forModel: FIRST, content: sampleless() });
    harness.emulator.queueChatReply({ forModel: FIRST, content: sampleless() });
    harness.emulator.queueChatReply({ forModel: FIRST, content: "not json" });
    harness.emulator.queueChatReply({ forModel: FIRST, content: "still not json" });
    await expect(adapt(cache, longChapter(texts))).rejects.toThrow(/every model in the chain/);
    expect(harness.emulator.count(CHAT)).toBe(4);

    const resumed = await adapt(cache, longChapter(texts));
    expect(harness.emulator.count(CHAT)).toBe(4 + count - 2);
    expect(resumed.sections).toEqual({ total: count, reused: 2 });
  });

  it("a stored answer naming an id the bible lost is asked again, though its key is the same", async () => {
    const cache = new TaskCache(harness.store.db);
    const body = longChapter(paragraphs().map((text) => text.replace("the March Hare", "Dinah")));
    const count = splitSections(body.text, SECTION_WORDS).length;
    // Dinah joined the bible when an earlier adaptation met her (no mentions, a first chapter):
    // she is in each section's cast, not in its key.
    const withDinah = extendVoiced(
      bible(),
      [
        {
          name: "Dinah",
          aliases: [],
          role: "minor",
          description: "The cat.",
          personality: "",
          gender: "female",
          age: "adult",
          mentions: 0,
          firstChapter: 2,
        },
      ],
      null,
    );
    for (let index = 0; index < count; index += 1)
      harness.emulator.queueChatReply({ forModel: FIRST, content: spokenBy("dinah", index) });
    await adapt(cache, body, withDinah);
    expect(harness.emulator.count(CHAT)).toBe(count);
    // Same bible but for Dinah (a user deleted her): same keys, but the stored answers name her.
    const result = await adapt(cache, body, bible());
    expect(harness.emulator.count(CHAT)).toBe(2 * count);
    expect(missingIds(result.screenplay, bible())).toEqual([]);
  });

  it("a kill between the bible write and the screenplay write: the rerun pays nothing and adds no one twice", async () => {
    const cache = new TaskCache(harness.store.db);
    const body = longChapter(paragraphs());
    const count = splitSections(body.text, SECTION_WORDS).length;
    // Every section introduces a speaker the bible lacks: "the Dormouse".
    for (let index = 0; index < count; index += 1)
      harness.emulator.queueChatReply({ forModel: FIRST, content: withNewcomer(`S${index}`) });
    const start = bible();
    const first = await adapt(cache, body, start);
    expect(first.newCharacters.map((character) => character.name)).toEqual(["Dormouse"]);
    const extended = extendVoiced(start, first.newCharacters, null);
    const written = withBibleIds(first.screenplay, first.newCharacters, extended);
    expect(extended.characters.length).toBe(start.characters.length + 1);
    // Killed here: bible.json has the Dormouse, chapter-04.json was never written.

    const rerun = await adapt(cache, body, extended);
    expect(harness.emulator.count(CHAT)).toBe(count);
    expect(rerun.newCharacters).toEqual([]);
    expect(extendVoiced(extended, rerun.newCharacters, null)).toEqual(extended);
    expect(rerun.screenplay).toEqual(written);
    expect(missingIds(rerun.screenplay, extended)).toEqual([]);
  });
});

function spokenBy(speaker: string, index: number): string {
  const answer = JSON.parse(withNewcomer(`S${index}`, false));
  answer.scenes[0].shots[0].lines[1].speaker = speaker;
  return JSON.stringify(answer);
}

/** A valid answer for `bible()`'s cast. */
function sampleless(): string {
  return withNewcomer("plain", false);
}

function withNewcomer(label: string, newcomer = true): string {
  const speaker = newcomer ? "new:1" : "alice";
  return JSON.stringify({
    newCharacters: newcomer
      ? [{ name: "Dormouse", gender: "male", age: "adult", description: "Small and sleepy." }]
      : null,
    scenes: [
      {
        heading: "EXT. TEA TABLE - AFTERNOON",
        location: "tea-table",
        summary: `${label}: tea`,
        mood: "whimsical",
        shots: [
          {
            description: `${label}: the table`,
            camera: "WIDE",
            characters: newcomer ? ["alice", "new:1"] : ["alice"],
            lines: [
              { speaker: "narrator", text: `${label} narration`, emotion: "neutral" },
              { speaker, text: `${label} speaks`, emotion: "curious" },
            ],
          },
        ],
      },
    ],
  });
}
