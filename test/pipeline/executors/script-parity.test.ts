import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load.js";
import { readBook } from "../../../src/ingest/index.js";
import type { ExecutorContext } from "../../../src/pipeline/executors/index.js";
import { executorFor } from "../../../src/pipeline/executors/index.js";
import { runScript } from "../../../src/script/run.js";
import { chapterTarget } from "../../../src/script/target.js";
import { ArtifactStore } from "../../../src/store/artifacts.js";
import { openStore } from "../../../src/store/db.js";
import { mediaTask } from "./executor-context.js";

const chapter = (title: string, name: string, thing: string) =>
  `${title}\n\n${Array.from(
    { length: 6 },
    (_, n) =>
      `On day ${n + 1} ${name} walked to the ${thing}. "Is it still there?" asked ${name}. "It is," said Martha Hale, and she smiled at the ${thing}.`,
  ).join(" ")}\n`;
const BOOK = `The Harbour Book\n\nby A. Writer\n\n${chapter("CHAPTER I. The Boat", "Thomas Reed", "boat")}\n${chapter("CHAPTER II. The Light", "Thomas Reed", "light")}`;

/** `generate`'s bible and adapt executors must write what `litink script` writes, byte for byte. */
describe("bible and adapt executors", () => {
  it("write the same bible.json and screenplays as `litink script`, and reuse them", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "litink-parity-"));
    const file = join(cwd, "Harbour Book.txt");
    writeFileSync(file, BOOK);
    const env = { LITINK_HOME: join(cwd, "home"), XDG_CONFIG_HOME: join(cwd, "none") };
    const loaded = await loadConfig({ cwd, env });
    const events = { emit() {} };
    const scripted = await runScript({
      file,
      flags: { offline: true },
      out: join(cwd, "script-out"),
      loaded,
      env,
      events,
    });

    const db = await openStore(loaded.home);
    const folder = join(cwd, "generate-out", "harbour-book");
    const context = {
      db,
      home: loaded.home,
      artifacts: new ArtifactStore(db, loaded.home),
      folder,
      mediaFolder: join(folder, "media"),
      file,
      book: await readBook(file),
      loaded,
      env,
      tier: "local",
      runId: "r-parity",
      budgetScope: "r-parity",
      events,
      signal: new AbortController().signal,
      chain: () => Promise.reject(new Error("the offline writer calls no model")),
      state: { bible: null, screenplays: new Map() },
    } as unknown as ExecutorContext;
    // As the planner sets it: the chapter's target minutes.
    const targetOf = (index: number) => {
      const body = context.book.chapters.find((candidate) => candidate.index === index);
      return chapterTarget(body?.words ?? 0, loaded.config.script, undefined, context.book.language)
        .minutes;
    };
    const task = (kind: "bible" | "adapt", index?: number) =>
      mediaTask({
        id: index === undefined ? "bible" : `adapt:ch0${index}`,
        kind,
        modality: null,
        chain: [],
        params:
          index === undefined
            ? { bookId: context.book.id, writerVersion: "x" }
            : { chapterId: "x", minutes: targetOf(index), writerVersion: "x", chapter: index },
      });
    const run = async () => {
      const bible = await executorFor("bible")(task("bible"), new Map(), context);
      const adapted = [];
      for (const index of [1, 2])
        adapted.push(await executorFor("adapt")(task("adapt", index), new Map(), context));
      return { bible, adapted };
    };
    const first = await run();
    expect(first.bible.output.values.file).toBe("bible.json");
    expect(first.adapted.map((result) => result.output.values.file)).toEqual([
      join("script", "chapter-01.json"),
      join("script", "chapter-02.json"),
    ]);
    const read = (root: string, name: string) => readFileSync(join(root, name), "utf8");
    for (const name of ["bible.json", "script/chapter-01.json", "script/chapter-02.json"])
      expect(read(folder, name)).toBe(read(scripted.out, name));
    expect(scripted.characters).toBeGreaterThan(0);
    expect(context.state.bible?.characters.length).toBe(scripted.characters);
    expect([...context.state.screenplays.keys()]).toEqual([1, 2]);

    const written = statSync(join(folder, "script/chapter-01.json")).mtimeMs;
    const second = await run();
    expect(second.adapted.map((result) => result.output)).toEqual(
      first.adapted.map((result) => result.output),
    );
    expect(second.bible.output).toEqual(first.bible.output);
    expect(statSync(join(folder, "script/chapter-01.json")).mtimeMs).toBe(written);
    db.close();
  });
});
