import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load.js";
import { readBook } from "../../../src/ingest/index.js";
import { splitSections } from "../../../src/script/llm/sections.js";
import { runScript } from "../../../src/script/run.js";
import {
  EMULATOR_API_KEY,
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from "../../emulators/openai-compatible.js";

const CHAT = "/chat/completions";
const SECTION_WORDS = 500;
const EXAMPLE = join(import.meta.dirname, "../../../examples/alice-in-wonderland.md");
const BOOK = readFileSync(EXAMPLE, "utf8").split(/^## Chapter 3\b/m)[0]!;
const EDITED = ["fall right through the earth", "fall right through the whole earth"] as const;

let openrouter: OpenAICompatibleEmulator;
beforeAll(async () => {
  openrouter = await startOpenAICompatibleEmulator({ dialect: "openrouter" });
});
afterAll(async () => {
  await openrouter.close();
});

/** `litink script --tier basic --chapters 1`: the writer setup keeps sections in the store itself. */
describe("litink script with an LLM: one edited paragraph", () => {
  it("pays for the edited paragraph's section only", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "litink-script-sections-"));
    try {
      const file = join(cwd, "alice.md");
      writeFileSync(file, BOOK);
      const env = {
        LITINK_HOME: join(cwd, "home"),
        XDG_CONFIG_HOME: join(cwd, "none"),
        OPENROUTER_API_KEY: EMULATOR_API_KEY,
        OPENROUTER_BASE_URL: `${openrouter.url}/api/v1`,
      };
      const loaded = await loadConfig({ cwd, env });
      loaded.config.script.sectionWords = SECTION_WORDS;
      const events: Array<Record<string, unknown>> = [];
      const script = () =>
        runScript({
          file,
          chapters: [1],
          flags: { tier: "basic" },
          out: join(cwd, "out"),
          loaded,
          env,
          events: { emit: (type, fields) => events.push({ type, ...fields }) },
        });
      const chapterText = async () =>
        (await readBook(file)).chapters.find((chapter) => chapter.index === 1)?.text ?? "";
      const sections = splitSections(await chapterText(), SECTION_WORDS).length;
      expect(sections).toBeGreaterThanOrEqual(3);

      await script();
      const paid = openrouter.count(CHAT);
      // The bible draft and one call per section.
      expect(paid).toBe(1 + sections);
      await script();
      expect(openrouter.count(CHAT)).toBe(paid);

      writeFileSync(file, BOOK.replace(EDITED[0], EDITED[1]));
      const result = await script();
      expect(openrouter.count(CHAT)).toBe(paid + 1);
      expect(result.chapters[0]?.status).toBe("done");
      const end = events.filter((event) => event.type === "task-end").at(-1);
      expect(end?.reason).toBe(
        `the chapter's text changed (1 of ${sections} sections adapted again)`,
      );
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
