import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type LoadedConfig, loadConfig } from "../../../src/config/load.js";
import { readBook } from "../../../src/ingest/index.js";
import { openBudget } from "../../../src/ledger/budget.js";
import { type ExecutorContext, executorFor } from "../../../src/pipeline/executors/index.js";
import { executorContext } from "../../../src/pipeline/runner-context.js";
import { splitSections } from "../../../src/script/llm/sections.js";
import { bibleSchema } from "../../../src/script/schema.js";
import type { BodyChapter } from "../../../src/script/writer.js";
import { type Db, openStore } from "../../../src/store/db.js";
import {
  EMULATOR_API_KEY,
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from "../../emulators/openai-compatible.js";
import { mediaTask } from "./executor-context.js";

const CHAT = "/chat/completions";
const SECTION_WORDS = 500;
const EXAMPLE = join(import.meta.dirname, "../../../examples/alice-in-wonderland.md");
/** The example book's front matter and first two chapters. */
const BOOK = readFileSync(EXAMPLE, "utf8").split(/^## Chapter 3\b/m)[0]!;
/** Inside a paragraph of chapter 1, not at its opening. */
const EDITED = ["fall right through the earth", "fall right through the whole earth"] as const;

let openrouter: OpenAICompatibleEmulator;
let cwd: string;
let file: string;
let env: NodeJS.ProcessEnv;
let loaded: LoadedConfig;
let db: Db;
let runs = 0;
const events: Array<{ type: string } & Record<string, unknown>> = [];

beforeAll(async () => {
  openrouter = await startOpenAICompatibleEmulator({ dialect: "openrouter" });
});
afterAll(async () => {
  await openrouter.close();
});
beforeEach(async () => {
  cwd = mkdtempSync(join(tmpdir(), "litink-adapt-sections-"));
  file = join(cwd, "alice.md");
  writeFileSync(file, BOOK);
  env = {
    LITINK_HOME: join(cwd, "home"),
    XDG_CONFIG_HOME: join(cwd, "none"),
    OPENROUTER_API_KEY: EMULATOR_API_KEY,
    OPENROUTER_BASE_URL: `${openrouter.url}/api/v1`,
  };
  loaded = await loadConfig({ cwd, env });
  loaded.config.script.sectionWords = SECTION_WORDS;
  db = await openStore(loaded.home);
  openrouter.requests.length = 0;
  events.length = 0;
});
afterEach(() => {
  db.close();
  rmSync(cwd, { recursive: true, force: true });
});

/** One `generate` run's bible and adapt tasks, executed as the runner does, on the basic tier. */
async function run(): Promise<ExecutorContext> {
  runs += 1;
  const runId = `r-sections-${runs}`;
  openBudget(db, runId, 5);
  const book = await readBook(file);
  const context = await executorContext({
    db,
    loaded,
    env,
    tier: "basic",
    runId,
    file,
    book,
    folder: join(cwd, "out", "alice"),
    events: { emit: (type, fields) => events.push({ type, ...fields }) },
    signal: new AbortController().signal,
    bible: null,
    screenplays: new Map(),
  });
  const task = (kind: "bible" | "adapt") =>
    mediaTask({
      id: kind === "bible" ? "bible" : "adapt:ch01",
      kind,
      modality: "text",
      chain: [],
      params: kind === "bible" ? { bookId: book.id } : { chapterId: "x", chapter: 1 },
    });
  await executorFor("bible")(task("bible"), new Map(), context);
  await executorFor("adapt")(task("adapt"), new Map(), context);
  return context;
}

async function firstChapter(): Promise<BodyChapter> {
  const book = await readBook(file);
  return book.chapters.find((chapter) => chapter.index === 1) as BodyChapter;
}

const chats = () => openrouter.count(CHAT);
const biblePath = () => join(cwd, "out", "alice", "bible.json");
const SCREENPLAY = "chapter-01.json";
const screenplayPath = () => join(cwd, "out", "alice", "script", SCREENPLAY);

describe("generate's adapt task with an LLM writer", () => {
  it("one edited paragraph re-adapts only its section; no edit, nothing", async () => {
    const sections = splitSections((await firstChapter()).text, SECTION_WORDS);
    expect(sections.length).toBeGreaterThanOrEqual(3);
    const first = await run();
    // The bible draft, then one call per section.
    expect(chats()).toBe(1 + sections.length);
    expect(first.state.voices).toBeDefined();
    expect(events.some((event) => /not indexed yet/.test(String(event.message)))).toBe(false);

    const second = await run();
    expect(chats()).toBe(1 + sections.length);
    // Every voice is cast already: the speech provider is not even asked for its list.
    expect(second.state.voices).toBeUndefined();

    writeFileSync(file, BOOK.replace(EDITED[0], EDITED[1]));
    const edited = splitSections((await firstChapter()).text, SECTION_WORDS);
    const before = new Set(sections.map((section) => section.text));
    expect(edited.filter((section) => !before.has(section.text)).length).toBe(1);
    await run();
    expect(chats()).toBe(1 + sections.length + 1);
  });

  it("killed between the bible write and the screenplay write: the rerun pays nothing, adds no one", async () => {
    const sections = splitSections((await firstChapter()).text, SECTION_WORDS);
    openrouter.queueChatReply({ content: BIBLE_REPLY });
    // Every section introduces Dinah, whom the drafted bible lacks.
    for (const [index] of sections.entries())
      openrouter.queueChatReply({ content: dinahReply(index) });
    await run();
    const paid = chats();
    expect(paid).toBe(1 + sections.length);
    const bible = readFileSync(biblePath(), "utf8");
    const names = bibleSchema
      .parse(JSON.parse(bible))
      .characters.map((character) => character.name);
    expect(names).toEqual(["Alice", "Dinah"]);
    expect(readdirSync(join(cwd, "out", "alice", "script"))).toEqual([SCREENPLAY]);
    const screenplay = readFileSync(screenplayPath(), "utf8");
    // As after a kill -9 between the two writes: bible.json has Dinah, no screenplay names her.
    unlinkSync(screenplayPath());
    await run();
    expect(chats()).toBe(paid);
    expect(readFileSync(biblePath(), "utf8")).toBe(bible);
    expect(readFileSync(screenplayPath(), "utf8")).toBe(screenplay);
  });
});

const BIBLE_REPLY = JSON.stringify({
  characters: [
    {
      name: "Alice",
      aliases: [],
      role: "protagonist",
      description: "A girl of seven in a blue dress.",
      personality: "curious",
      gender: "female",
      age: "child",
    },
  ],
  locations: [],
  style: { visual: "Tenniel engraving", palette: "ink" },
});

function dinahReply(index: number): string {
  return JSON.stringify({
    newCharacters: [{ name: "Dinah", gender: "female", age: "adult", description: "The cat." }],
    scenes: [
      {
        heading: "EXT. RIVERBANK - DAY",
        location: null,
        summary: `part ${index}`,
        mood: "whimsical",
        shots: [
          {
            description: `Alice and Dinah, part ${index}`,
            camera: "WIDE",
            characters: ["alice", "new:1"],
            lines: [
              { speaker: "narrator", text: `Part ${index}.`, emotion: "neutral" },
              { speaker: "new:1", text: "Mew.", emotion: "tender" },
            ],
          },
        ],
      },
    ],
  });
}
