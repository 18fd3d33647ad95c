import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isProviderError } from "../../../src/providers/provider-error.js";
import { llmWriter } from "../../../src/script/llm/index.js";
import { splitSections } from "../../../src/script/llm/sections.js";
import { NARRATOR, screenplaySchema } from "../../../src/script/schema.js";
import { useWriterHarness } from "./harness.js";
import {
  bible,
  book,
  CHAT,
  chapter,
  FIRST,
  findProperty,
  links,
  RecordingLookup,
  SECOND,
  sceneReply,
  target,
} from "./support.js";

const harness = useWriterHarness();

const teaParty = chapter(
  7,
  'There was a table set out under a tree in front of the house, and the March Hare and the Hatter were having tea at it.\n\n"No room! No room!" they cried out when they saw Alice coming.',
  "A Mad Tea-Party",
);
const noContext = new RecordingLookup([]);

function writer(options: { sectionWords?: number; templates?: Record<string, string> } = {}) {
  return llmWriter({
    links: links(harness.emulator, harness.store.db, harness.events),
    sectionWords: options.sectionWords ?? 2500,
    events: harness.events,
    ...(options.templates ? { templates: options.templates } : {}),
  });
}

function adapt(
  chapterToAdapt = teaParty,
  options: Parameters<typeof writer>[0] = {},
  lookup = noContext,
) {
  return writer(options).adaptChapter({
    book: book([chapterToAdapt]),
    chapter: chapterToAdapt,
    bodyChapters: 12,
    bible: bible(),
    target,
    passages: lookup.lookup,
  });
}

function userText(index: number): string {
  const messages = harness.emulator.chatBodies()[index]?.messages ?? [];
  return messages.map((message) => String(message.content)).join("\n");
}

describe("llmWriter against the OpenAI-compatible emulator", () => {
  it("(a) turns a conforming reply into a valid screenplay with stable ids", async () => {
    harness.emulator.queueChatReply({ forModel: FIRST, content: sceneReply("A") });
    const first = await adapt();
    harness.emulator.queueChatReply({ forModel: FIRST, content: sceneReply("A") });
    const second = await adapt();

    expect(screenplaySchema.parse(first.screenplay)).toEqual(first.screenplay);
    expect(second.screenplay).toEqual(first.screenplay);
    expect(harness.emulator.count(CHAT, FIRST)).toBe(2);
    expect(harness.emulator.count(CHAT, SECOND)).toBe(0);
    const ids = new Set([NARRATOR, ...bible().characters.map((c) => c.id)]);
    const scenes = first.screenplay.scenes;
    for (const line of scenes.flatMap((scene) => scene.lines))
      expect(ids.has(line.speaker)).toBe(true);
    expect(scenes.map((scene) => scene.id)).toEqual(["ch07-sc01", "ch07-sc02"]);
    expect(scenes[0]!.lines.map((line) => [line.id, line.shot])).toEqual([
      ["ch07-sc01-ln001", "ch07-sc01-sh01"],
      ["ch07-sc01-ln002", "ch07-sc01-sh01"],
      ["ch07-sc01-ln003", "ch07-sc01-sh02"],
    ]);
    // A heading without a time is repaired into the required form rather than rejected.
    expect(scenes[1]!.heading).toBe("INT./EXT. NOWHERE - DAY");
    expect(first.screenplay.writer).toBe(`openrouter:${FIRST}`);
    expect(first.newCharacters).toEqual([]);
    expect(harness.events.ofType("fallback")).toEqual([]);
  });

  it("(b) repairs a reply that is not JSON with exactly one repair request", async () => {
    harness.emulator.queueChatReply({
      forModel: FIRST,
      content: "Sure! Here is the screenplay: {scenes:",
    });
    harness.emulator.queueChatReply({ forModel: FIRST, content: sceneReply("B") });
    const result = await adapt();

    expect(harness.emulator.count(CHAT, FIRST)).toBe(2);
    expect(harness.emulator.count(CHAT, SECOND)).toBe(0);
    const repair = harness.emulator.chatBodies()[1]!.messages!;
    expect(repair.at(-2)).toMatchObject({
      role: "assistant",
      content: "Sure! Here is the screenplay: {scenes:",
    });
    expect(repair.at(-1)?.role).toBe("user");
    expect(String(repair.at(-1)?.content)).toContain("the structured reply was not JSON");
    expect(result.screenplay.scenes[0]!.summary).toBe("B: tea is served");
  });

  it("(c) falls back to the next link after a schema-violating reply and its repair", async () => {
    const bad = JSON.stringify({ scenes: [{ heading: "EXT. X - DAY", mood: "furious" }] });
    harness.emulator.queueChatReply({ forModel: FIRST, content: bad });
    harness.emulator.queueChatReply({ forModel: FIRST, content: bad });
    harness.emulator.queueChatReply({ forModel: SECOND, content: sceneReply("C") });
    const result = await adapt();

    expect(harness.emulator.count(CHAT, FIRST)).toBe(2);
    expect(harness.emulator.count(CHAT, SECOND)).toBe(1);
    expect(userText(1)).toContain("did not match the schema");
    expect(harness.events.ofType("fallback")).toEqual([
      {
        type: "fallback",
        modality: "text",
        from: `openrouter:${FIRST}`,
        to: `openrouter:${SECOND}`,
        reason: "invalid-output",
      },
    ]);
    expect(harness.events.ofType("warning")).toHaveLength(1);
    expect(result.screenplay.writer).toBe(`openrouter:${SECOND}`);
  });

  it("(d) rejects a speaker missing from the bible, repairs, then falls back", async () => {
    const darcy = sceneReply("D", ["narrator", "mr-darcy", "alice"]);
    harness.emulator.queueChatReply({ forModel: FIRST, content: darcy });
    harness.emulator.queueChatReply({ forModel: FIRST, content: darcy });
    harness.emulator.queueChatReply({ forModel: SECOND, content: sceneReply("D2") });
    const result = await adapt();

    expect(harness.emulator.count(CHAT, FIRST)).toBe(2);
    expect(harness.emulator.count(CHAT, SECOND)).toBe(1);
    expect(userText(1)).toMatch(/speaker/);
    expect(harness.events.ofType("fallback")).toHaveLength(1);
    const speakers = result.screenplay.scenes.flatMap((scene) =>
      scene.lines.map((line) => line.speaker),
    );
    expect(speakers).not.toContain("mr-darcy");
  });

  it("(e) fails with exit 69 naming every link when each one stays invalid", async () => {
    for (const model of [FIRST, FIRST, SECOND, SECOND])
      harness.emulator.queueChatReply({ forModel: model, content: "[]" });
    const failure = await adapt().catch((error: unknown) => error);

    expect(isProviderError(failure)).toBe(true);
    const error = failure as Error & { exitCode: number };
    expect(error.exitCode).toBe(69);
    expect(error.message).toContain(`openrouter:${FIRST}: invalid-output`);
    expect(error.message).toContain(`openrouter:${SECOND}: invalid-output`);
    expect(harness.emulator.count(CHAT)).toBe(4);
  });

  it("moves on when a link fails at the provider, and stops at once on abort", async () => {
    harness.emulator.inject({ fault: { kind: "status", status: 400 }, model: FIRST, times: 1 });
    harness.emulator.queueChatReply({ forModel: SECOND, content: sceneReply("P") });
    const result = await adapt();
    expect(result.screenplay.writer).toBe(`openrouter:${SECOND}`);
    expect(harness.events.ofType("fallback")[0]).toMatchObject({ reason: "bad-request" });

    const controller = new AbortController();
    controller.abort();
    const aborted = await writer()
      .adaptChapter({
        book: book(),
        chapter: teaParty,
        bodyChapters: 12,
        bible: bible(),
        target,
        passages: noContext.lookup,
        signal: controller.signal,
      })
      .catch((error: unknown) => error);
    expect(isProviderError(aborted) && aborted.failure).toBe("aborted");
  });

  it("(f) constrains speaker and characters in frame to the bible's ids in the JSON Schema", async () => {
    await adapt();
    const schema = harness.emulator.chatBodies()[0]!.response_format?.json_schema?.schema;
    const ids = bible().characters.map((c) => c.id);
    const introduced = ["new:1", "new:2", "new:3", "new:4", "new:5"];
    expect(findProperty(schema, "speaker")?.enum).toEqual([NARRATOR, ...ids, ...introduced]);
    const inFrame = findProperty(schema, "characters")?.items as { enum?: string[] } | undefined;
    expect(inFrame?.enum).toEqual([...ids, ...introduced]);
    // With no queued reply the harness.emulator answers a schema sample, and it passes.
    expect(harness.emulator.count(CHAT)).toBe(1);
  });

  it("(g) adapts a long chapter in sections and stitches them with consecutive ids", async () => {
    const paragraph = (n: number) => `Paragraph ${n} ${"word ".repeat(48).trim()}.`;
    const long = chapter(3, Array.from({ length: 10 }, (_, n) => paragraph(n + 1)).join("\n\n"));
    const sections = splitSections(long.text, 100);
    expect(sections.length).toBeGreaterThanOrEqual(3);
    const labels = sections.map((_, index) => `S${index + 1}`);
    for (const label of labels) harness.emulator.queueChatReply({ content: sceneReply(label) });
    const result = await adapt(long, { sectionWords: 100 });

    expect(harness.emulator.count(CHAT)).toBe(sections.length);
    const scenes = result.screenplay.scenes;
    expect(scenes.map((scene) => scene.id)).toEqual(
      Array.from(
        { length: 2 * sections.length },
        (_, n) => `ch03-sc${String(n + 1).padStart(2, "0")}`,
      ),
    );
    expect(scenes.map((scene) => scene.summary.split(":")[0])).toEqual(
      labels.flatMap((label) => [label, label]),
    );
    expect(new Set(scenes.map((scene) => scene.sourceHash)).size).toBe(sections.length);
    const secondOpening = sections[1]!.text.slice(0, 12);
    expect(userText(1)).toContain("S1: Alice leaves");
    expect(userText(1)).toContain(secondOpening);
    expect(userText(1)).not.toContain("Paragraph 1 ");
    expect(userText(1)).toContain(`section 2 of ${sections.length}`);
  });

  it("(h) gives chapter 5 passages from earlier chapters only", async () => {
    const fifth = chapter(
      5,
      "Alice met the Hatter again at the tea table, and the Hatter said nothing.",
    );
    const passages = [2, 4, 5, 6, 8].map((n) => ({
      chapterIndex: n,
      text: `marker-${n}: Alice and the Hatter by the tea table`,
    }));
    const fake = new RecordingLookup(
      [...passages, { chapterIndex: null, text: "marker-front: Alice" }],
      false,
    );
    await adapt(fifth, {}, fake);
    expect(fake.calls.length).toBeGreaterThan(0);
    for (const call of fake.calls) expect(call.options?.before).toBe(5);
    const prompt = userText(0);
    expect(prompt).toContain("marker-2");
    expect(prompt).toContain("marker-4");
    for (const marker of ["marker-5", "marker-6", "marker-8", "marker-front"])
      expect(prompt).not.toContain(marker);

    const honest = new RecordingLookup(passages);
    await adapt(fifth, {}, honest);
    expect(userText(1)).toContain("marker-4");
    expect(userText(1)).not.toContain("marker-6");
  });

  it("(i) uses a user template override, and refuses a missing or unknown one with exit 78", async () => {
    const custom = join(harness.folder, "my-screenplay.md");
    writeFileSync(custom, "CUSTOM PROMPT for {{chapterTitle}}:\n{{text}}\nBible: {{bible}}");
    await adapt(teaParty, { templates: { screenplay: custom } });
    expect(harness.emulator.chatBodies()[0]!.messages).toEqual([
      expect.objectContaining({
        role: "user",
        content: expect.stringMatching(/^CUSTOM PROMPT for A Mad Tea-Party:/),
      }),
    ]);

    const missing = join(harness.folder, "nope.md");
    const error = (await adapt(teaParty, { templates: { repair: missing } }).catch(
      (e: unknown) => e,
    )) as {
      exitCode: number;
      message: string;
    };
    expect(error.exitCode).toBe(78);
    expect(error.message).toContain(missing);

    const typo = join(harness.folder, "typo.md");
    writeFileSync(typo, "{{chapterTitel}} {{text}}");
    const unknown = (await adapt(teaParty, { templates: { screenplay: typo } }).catch(
      (e: unknown) => e,
    )) as {
      exitCode: number;
      message: string;
    };
    expect(unknown.exitCode).toBe(78);
    expect(unknown.message).toContain("{{chapterTitel}}");
    expect(harness.emulator.count(CHAT)).toBe(1);
  });
});
