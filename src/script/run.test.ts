import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/load.js";
import { isLitinkError } from "../errors/app-error.js";
import { type RunScriptOptions, runScript, type ScriptParts } from "./run.js";
import { type Bible, type Screenplay, screenplaySchema } from "./schema.js";
import { slugify } from "./slug.js";
import type { AdaptInput, CharacterDraft, ScriptWriter } from "./writer.js";

const chapter = (title: string, topic: string) =>
  `${title}\n\n${Array.from({ length: 5 }, (_, n) => `On day ${n + 1} the ${topic} came back, and everyone spoke of the ${topic}.`).join(" ")}\n`;
const BOOK = `The Village Book\n\nby A. Writer\n\n${chapter("CHAPTER I. The Miller", "miller")}\n${chapter("CHAPTER II. The Heron", "heron")}\n${chapter("CHAPTER III. The Lantern", "lantern")}`;

const draft = (name: string): CharacterDraft => ({
  name,
  aliases: [],
  role: "major",
  description: `${name}, drawn plainly`,
  personality: "",
  gender: "unknown",
  age: "adult",
  mentions: 1,
  firstChapter: 1,
});

/** A writer that records its calls; chapter 2 introduces a character the bible lacks. */
function fakeWriter(calls: string[]): ScriptWriter {
  return {
    name: "fake",
    version: "fake-1",
    async draftBible() {
      calls.push("draftBible");
      return {
        characters: [draft("Miller")],
        locations: [],
        style: { visual: "ink", palette: "grey" },
        writer: "fake",
      };
    },
    async adaptChapter(input: AdaptInput) {
      calls.push(`adapt:${input.chapter.index}`);
      const passages = await input.passages("miller", { k: 2 });
      for (const passage of passages)
        if (passage.chapterIndex !== null)
          expect(passage.chapterIndex).toBeLessThan(input.chapter.index);
      if (input.chapter.index === 3) throw new Error("the fake writer gives up on chapter 3");
      const newcomer = input.chapter.index === 2 ? [{ ...draft("Heron Keeper"), id: "new-1" }] : [];
      const screenplay: Screenplay = {
        version: 1,
        chapter: { index: input.chapter.index, title: input.chapter.title, id: input.chapter.id },
        targetMinutes: input.target.minutes,
        writer: "fake",
        writerVersion: "fake-1",
        scenes: [
          {
            id: "s1",
            heading: "EXT. VILLAGE - DAY",
            location: null,
            summary: "Things happen.",
            mood: "calm",
            shots: [{ id: "sh1", description: "The village.", camera: "WIDE", characters: [] }],
            lines: [
              {
                id: "l1",
                speaker: "narrator",
                text: input.chapter.text.slice(0, 60),
                emotion: "neutral",
                shot: "sh1",
              },
              { id: "l2", speaker: "miller", text: "Good day!", emotion: "happy", shot: "sh1" },
              ...newcomer.map((character) => ({
                id: "l3",
                speaker: character.id,
                text: "Hello.",
                emotion: "neutral" as const,
                shot: "sh1",
              })),
            ],
            sourceHash: "x",
          },
        ],
      };
      return { screenplay, newCharacters: newcomer };
    },
  };
}

const toCharacter = (character: CharacterDraft) => ({
  ...character,
  id: slugify(character.name),
  voices: {},
  look: { prompt: character.description, seed: 1 },
});

function fakeParts(calls: string[]): Partial<ScriptParts> {
  return {
    writer: fakeWriter(calls),
    findCharacters: async () => [],
    buildBible: (bibleDraft, book) => ({
      version: 1,
      book: { title: book.title, author: book.author, language: book.language },
      style: bibleDraft.style,
      narrator: { voices: {} },
      characters: bibleDraft.characters.map(toCharacter),
      locations: [],
      writer: bibleDraft.writer,
    }),
    extendBible: (bible, characters) => ({
      ...bible,
      characters: [...bible.characters, ...characters.map(toCharacter)],
    }),
    assignVoices: (bible, provider, voices) => {
      const voice = { voiceId: voices[0]?.voiceId ?? "none", name: "first" };
      return {
        ...bible,
        narrator: { voices: { [provider]: voice, ...bible.narrator.voices } },
        characters: bible.characters.map((character) => ({
          ...character,
          voices: { [provider]: voice, ...character.voices },
        })),
      };
    },
  };
}

async function prepare() {
  const cwd = mkdtempSync(join(tmpdir(), "litink-run-"));
  const file = join(cwd, "Village Book.txt");
  writeFileSync(file, BOOK);
  const env = { LITINK_HOME: join(cwd, "home"), XDG_CONFIG_HOME: join(cwd, "none") };
  const loaded = await loadConfig({ cwd, env });
  const events: Array<{ type: string } & Record<string, unknown>> = [];
  const calls: string[] = [];
  const options = (extra: Partial<RunScriptOptions> = {}): RunScriptOptions => ({
    file,
    flags: { offline: true },
    out: join(cwd, "out"),
    loaded,
    env,
    events: { emit: (type, fields) => events.push({ type, ...fields }) },
    parts: fakeParts(calls),
    ...extra,
  });
  return { cwd, folder: join(cwd, "out", "village-book"), events, calls, options };
}

describe("runScript", () => {
  it("drafts the bible once, adapts chapters, extends the bible and reuses saved screenplays", async () => {
    const { folder, events, calls, options } = await prepare();
    const result = await runScript(options({ chapters: [1, 2] }));
    expect(calls).toEqual(["draftBible", "adapt:1", "adapt:2"]);
    expect(result).toMatchObject({ out: folder, characters: 2 });
    expect(result.chapters.map((chapter) => [chapter.index, chapter.status, chapter.file])).toEqual(
      [
        [1, "done", join("script", "chapter-01.json")],
        [2, "done", join("script", "chapter-02.json")],
      ],
    );
    expect(
      events.some(
        (event) => event.type === "warning" && /indexing it first/.test(String(event.message)),
      ),
    ).toBe(true);
    const bible = JSON.parse(readFileSync(join(folder, "bible.json"), "utf8")) as Bible;
    expect(bible.characters.map((character) => character.id)).toEqual(["miller", "heron-keeper"]);
    expect(Object.keys(bible.narrator.voices)).toEqual(["local"]);
    screenplaySchema.parse(
      JSON.parse(readFileSync(join(folder, "script", "chapter-02.json"), "utf8")),
    );
    const fountain = readFileSync(join(folder, "script", "village-book.fountain"), "utf8");
    expect(fountain.match(/^# Chapter/gm)).toHaveLength(2);
    expect(fountain).toContain("HERON KEEPER");

    const files = ["bible.json", "script/chapter-01.json", "script/village-book.fountain"].map(
      (name) => readFileSync(join(folder, name), "utf8"),
    );
    calls.length = 0;
    events.length = 0;
    const again = await runScript(options({ chapters: [1, 2] }));
    expect(calls).toEqual([]);
    expect(again.chapters.map((chapter) => chapter.status)).toEqual(["cached", "cached"]);
    const ends = events.filter((event) => event.type === "task-end");
    expect(ends).toMatchObject([
      {
        task: "adapt:ch01",
        kind: "adapt",
        status: "cached",
        costUsd: 0,
        provider: "local",
        model: "fake",
      },
      { task: "adapt:ch02", kind: "adapt", status: "cached" },
    ]);
    expect(
      ["bible.json", "script/chapter-01.json", "script/village-book.fountain"].map((name) =>
        readFileSync(join(folder, name), "utf8"),
      ),
    ).toEqual(files);

    // Another length is another screenplay; the bible is not drafted again.
    calls.length = 0;
    await runScript(options({ chapters: [1], minutes: 2 }));
    expect(calls).toEqual(["adapt:1"]);
    calls.length = 0;
    await runScript(options({ chapters: [1], minutes: 2, rebuildBible: true }));
    // A new bible may name everyone differently: its chapters are adapted again.
    expect(calls).toEqual(["draftBible", "adapt:1"]);
  });

  it("reports a failed chapter as a failed task and keeps the chapters done before it", async () => {
    const { folder, events, options } = await prepare();
    await expect(runScript(options())).rejects.toThrow(/gives up on chapter 3/);
    expect(
      events.filter((event) => event.type === "task-end").map((event) => event.status),
    ).toEqual(["done", "done", "failed"]);
    expect(readFileSync(join(folder, "script", "chapter-02.json"), "utf8")).toContain('"index": 2');
  });

  it("rejects unknown chapters (64) and an invalid bible.json (65) before adapting", async () => {
    const { folder, calls, options } = await prepare();
    const unknown = await runScript(options({ chapters: [2, 9] })).catch((error: unknown) => error);
    expect(isLitinkError(unknown) && unknown.exitCode).toBe(64);
    expect((unknown as Error).message).toMatch(/--chapters 9: the book has 3 chapters \(1–3\)/);

    await runScript(options({ chapters: [1] }));
    const path = join(folder, "bible.json");
    const broken = readFileSync(path, "utf8").replace('"version": 1', '"version": 2');
    writeFileSync(path, broken);
    calls.length = 0;
    const invalid = await runScript(options({ chapters: [2] })).catch((error: unknown) => error);
    expect(isLitinkError(invalid) && invalid.exitCode).toBe(65);
    expect((invalid as Error).message).toMatch(/bible\.json[\s\S]*version/);
    expect(calls).toEqual([]);
    expect(readFileSync(path, "utf8")).toBe(broken);
  });
});
