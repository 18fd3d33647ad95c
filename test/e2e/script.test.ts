import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bible, bibleSchema, NARRATOR, screenplaySchema } from "../../src/script/schema.js";
import {
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from "../emulators/openai-compatible.js";
import { repoRoot, runCli, runCliAsync, tempDir } from "../support/cli.js";
import { outlineOf, readBack } from "../support/fountain.js";

const ALICE = join(repoRoot, "examples/alice-in-wonderland.md");

function setup(): { cwd: string; env: Record<string, string>; folder: string } {
  const cwd = tempDir("litink-script-");
  copyFileSync(ALICE, join(cwd, "alice.md"));
  return { cwd, env: { LITINK_HOME: join(cwd, "home") }, folder: join(cwd, "out", "alice") };
}

/** Every file under a folder, relative, with its sha256. */
function tree(root: string, under = root): Record<string, string> {
  const files: Record<string, string> = {};
  if (!existsSync(under)) return files;
  for (const name of readdirSync(under)) {
    const path = join(under, name);
    if (statSync(path).isDirectory()) Object.assign(files, tree(root, path));
    else
      files[relative(root, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return files;
}

type Result = {
  type: string;
  out: string;
  bible: string;
  fountain: string;
  characters: number;
  chapters: Array<{ index: number; file: string; scenes: number; lines: number; status: string }>;
};

const resultOf = (run: { events: unknown[] }) => run.events.at(-1) as Result;
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as unknown;

describe("litink script (offline)", () => {
  it("writes bible.json, chapter screenplays and a Fountain file that read back the same", () => {
    const { cwd, env, folder } = setup();
    const run = runCli(["script", "alice.md", "--chapters", "1-2", "--offline", "--json"], {
      cwd,
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    const result = resultOf(run);
    expect(result).toMatchObject({ type: "result", command: "script" });
    expect(result.chapters.map((chapter) => [chapter.index, chapter.status])).toEqual([
      [1, "done"],
      [2, "done"],
    ]);
    const ends = run.events.filter((event) => event.type === "task-end");
    expect(ends.map((event) => [event.task, event.kind, event.status])).toEqual([
      ["adapt:ch01", "adapt", "done"],
      ["adapt:ch02", "adapt", "done"],
    ]);

    const bible = bibleSchema.parse(readJson(join(folder, "bible.json")));
    expect(result.characters).toBe(bible.characters.length);
    const ids = new Set([NARRATOR, ...bible.characters.map((character) => character.id)]);
    const screenplays = ["chapter-01.json", "chapter-02.json"].map((name) =>
      screenplaySchema.parse(readJson(join(folder, "script", name))),
    );
    for (const screenplay of screenplays)
      for (const scene of screenplay.scenes)
        for (const line of scene.lines) expect(ids, line.speaker).toContain(line.speaker);
    // Every speaker (and the narrator) has a voice from the offline provider.
    expect(Object.keys(bible.narrator.voices)).toContain("local");

    const fountain = readFileSync(join(folder, "script", "alice.fountain"), "utf8");
    const parsed = readBack(fountain);
    const expected = outlineOf(bible, screenplays);
    expect(parsed.headings).toEqual(expected.headings);
    expect(parsed.cues).toEqual(expected.cues);
    expect(parsed.dialogue).toEqual(expected.dialogue);
    expect(parsed.sections).toHaveLength(2);

    // Nothing outside out/ and LITINK_HOME (HOME is the temp folder too).
    const outside = Object.keys(tree(cwd)).filter(
      (path) => !path.startsWith("out/") && !path.startsWith("home/"),
    );
    expect(outside).toEqual(["alice.md"]);
  });

  it("a second run reuses every chapter and leaves the files byte-identical", () => {
    const { cwd, env, folder } = setup();
    const args = ["script", "alice.md", "--chapters", "1-2", "--json"];
    expect(runCli(args, { cwd, env }).code).toBe(0);
    const before = tree(folder);
    const again = runCli(args, { cwd, env });
    expect(again.code, again.stderr).toBe(0);
    expect(resultOf(again).chapters.map((chapter) => chapter.status)).toEqual(["cached", "cached"]);
    expect(tree(folder)).toEqual(before);
    // A different target length is a different screenplay.
    const longer = runCli([...args, "--minutes", "2.5"], { cwd, env });
    expect(longer.code, longer.stderr).toBe(0);
    expect(resultOf(longer).chapters.map((chapter) => chapter.status)).toEqual(["done", "done"]);
  });

  it("keeps hand edits to bible.json across reruns and new chapters", () => {
    const { cwd, env, folder } = setup();
    expect(runCli(["script", "alice.md", "--chapters", "1", "--json"], { cwd, env }).code).toBe(0);
    const path = join(folder, "bible.json");
    const bible = readJson(path) as Bible;
    const edited = bible.characters[0];
    expect(edited, "the offline writer found no character in chapter 1").toBeDefined();
    if (!edited) return;
    edited.description = "A girl in a blue dress, drawn by hand.";
    edited.voices.local = { voiceId: "my-own-voice", name: "Mine" };
    // The user's own formatting (one line) must survive a run that changes nothing.
    writeFileSync(path, JSON.stringify(bible));
    const bytes = readFileSync(path);
    const same = runCli(["script", "alice.md", "--chapters", "1", "--json"], { cwd, env });
    expect(same.code, same.stderr).toBe(0);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    const more = runCli(["script", "alice.md", "--chapters", "1-3", "--json"], { cwd, env });
    expect(more.code, more.stderr).toBe(0);
    const after = bibleSchema.parse(readJson(path));
    const kept = after.characters.find((character) => character.id === edited.id);
    expect(kept?.description).toBe("A girl in a blue dress, drawn by hand.");
    expect(kept?.voices.local).toEqual({ voiceId: "my-own-voice", name: "Mine" });
  });

  it("adapts a chapter again when the bible no longer has a character it names", () => {
    const { cwd, env, folder } = setup();
    const args = ["script", "alice.md", "--chapters", "1", "--json"];
    expect(runCli(args, { cwd, env }).code).toBe(0);
    const screenplay = screenplaySchema.parse(readJson(join(folder, "script", "chapter-01.json")));
    const speaker = screenplay.scenes
      .flatMap((scene) => scene.lines)
      .find((line) => line.speaker !== NARRATOR)?.speaker;
    expect(speaker, "chapter 1 has no character line").toBeDefined();
    const path = join(folder, "bible.json");
    const bible = readJson(path) as Bible;
    // The user renames a character's id by hand: the old screenplay names an unknown id.
    const renamed = bible.characters.find((character) => character.id === speaker)!;
    renamed.id = `${renamed.id}-renamed`;
    writeFileSync(path, JSON.stringify(bible, null, 2));
    const rerun = runCli(args, { cwd, env });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(resultOf(rerun).chapters[0]?.status).toBe("done");
    const redone = screenplaySchema.parse(readJson(join(folder, "script", "chapter-01.json")));
    const ids = new Set([
      NARRATOR,
      ...bibleSchema.parse(readJson(path)).characters.map((c) => c.id),
    ]);
    for (const line of redone.scenes.flatMap((scene) => scene.lines))
      expect(ids.has(line.speaker), line.speaker).toBe(true);
  });

  it("an invalid bible.json is exit 65, named, and left untouched", () => {
    const { cwd, env, folder } = setup();
    expect(runCli(["script", "alice.md", "--chapters", "1", "--json"], { cwd, env }).code).toBe(0);
    const path = join(folder, "bible.json");
    const bible = readJson(path) as { characters: Array<Record<string, unknown>> };
    for (const [broken, where] of [
      ['{"version": 1, "characters": [', /not valid JSON/],
      [
        JSON.stringify({
          ...bible,
          characters: [{ ...bible.characters[0], gender: "robot" }],
        }),
        /characters\.0\.gender/,
      ],
    ] as const) {
      writeFileSync(path, broken);
      const run = runCli(["script", "alice.md", "--chapters", "1", "--json"], { cwd, env });
      expect(run.code).toBe(65);
      const error = run.events.at(-1);
      expect(error).toMatchObject({ type: "error", exitCode: 65 });
      expect(String(error?.message)).toContain("bible.json");
      expect(String(error?.message)).toMatch(where);
      expect(readFileSync(path, "utf8")).toBe(broken);
    }
  });

  it("usage and input errors: unknown chapters 64, bad --minutes 64, missing book 66", () => {
    const { cwd, env } = setup();
    const chapters = runCli(["script", "alice.md", "--chapters", "99", "--json"], { cwd, env });
    expect(chapters.code).toBe(64);
    expect(String(chapters.events.at(-1)?.message)).toMatch(
      /--chapters 99: the book has 12 chapters \(1–12\)/,
    );
    for (const minutes of ["0", "-1", "abc", "1e3"]) {
      const run = runCli(["script", "alice.md", "--minutes", minutes, "--json"], { cwd, env });
      expect(run.code, minutes).toBe(64);
    }
    expect(runCli(["script", "missing.md", "--json"], { cwd, env }).code).toBe(66);
    expect(runCli(["script", "alice.md", "--chapters", "x", "--json"], { cwd, env }).code).toBe(64);
    expect(existsSync(join(cwd, "out"))).toBe(false);
  });

  it("prints one line per chapter and where the files are", () => {
    const { cwd, env } = setup();
    const run = runCli(["script", "alice.md", "--chapters", "2"], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /^2\. Chapter 2 - The Pool of Tears: \d+ scenes?, \d+ lines?, ~[\d.]+ min/m,
    );
    expect(run.stdout).toContain(join("out", "alice", "bible.json"));
    expect(run.stdout).toContain(join("out", "alice", "script", "alice.fountain"));
  });
});

describe("litink script --tier basic against the OpenRouter emulator", () => {
  const KEY = "sk-or-v1-emulator-script";
  let openrouter: OpenAICompatibleEmulator;
  beforeAll(async () => {
    openrouter = await startOpenAICompatibleEmulator({ dialect: "openrouter", apiKey: KEY });
  });
  afterAll(async () => {
    await openrouter.close();
  });

  it("writes screenplays whose speakers are bible ids, and pays once", async () => {
    const { cwd, env, folder } = setup();
    const providerEnv = {
      ...env,
      OPENROUTER_API_KEY: KEY,
      OPENROUTER_BASE_URL: `${openrouter.url}/api/v1`,
    };
    const args = ["script", "alice.md", "--chapters", "1", "--tier", "basic", "--json"];
    const run = await runCliAsync(args, { cwd, env: providerEnv });
    expect(run.code, run.stderr + run.stdout.slice(-2000)).toBe(0);
    const requests = openrouter.chatBodies().length;
    process.stderr.write(`script --tier basic, chapter 1: ${requests} chat requests\n`);
    // At least the bible draft and one chapter; the LLM writer decides how many sections.
    expect(requests).toBeGreaterThanOrEqual(2);
    const bible = bibleSchema.parse(readJson(join(folder, "bible.json")));
    const ids = new Set([NARRATOR, ...bible.characters.map((character) => character.id)]);
    const screenplay = screenplaySchema.parse(readJson(join(folder, "script", "chapter-01.json")));
    expect(screenplay.writer).not.toBe("extractive");
    for (const scene of screenplay.scenes)
      for (const line of scene.lines) expect(ids).toContain(line.speaker);
    // The schema sent for the chapter constrains the speaker to the bible's ids.
    const schemas = openrouter
      .chatBodies()
      .map((body) => JSON.stringify(body.response_format?.json_schema?.schema ?? null));
    expect(schemas.some((schema) => schema.includes(`"${NARRATOR}"`))).toBe(true);
    const end = run.events.find((event) => event.type === "task-end" && event.kind === "adapt");
    expect(end).toMatchObject({ task: "adapt:ch01", status: "done", provider: "openrouter" });

    // A rerun pays nothing.
    const again = await runCliAsync(args, { cwd, env: providerEnv });
    expect(again.code, again.stderr).toBe(0);
    expect(openrouter.chatBodies().length).toBe(requests);
    expect(resultOf(again).chapters[0]?.status).toBe("cached");
  });
});
