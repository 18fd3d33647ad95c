import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/cli.js";
import { corpusDir, inCi } from "../support/corpus.js";

const ALICE_PDF = join(corpusDir, "alice_pdfreebooks.pdf");

const chapter = (title: string, topic: string) => `${title}

${Array.from(
  { length: 6 },
  (_, n) =>
    `On the ${n + 1}th day the ${topic} came back to the village, and everyone spoke of the ${topic} again.`,
).join(" ")}
`;

const BOOK = `The Village Book

by A. Writer

${chapter("CHAPTER I. The Miller", "miller")}
${chapter("CHAPTER II. The Heron", "heron")}
${chapter("CHAPTER III. The Lantern", "lantern")}
THE END
`;

function setup(): { cwd: string; home: string } {
  const cwd = tempDir();
  writeFileSync(join(cwd, "village.txt"), BOOK);
  return { cwd, home: join(cwd, "home") };
}

type Passage = { chapterIndex: number; chapterTitle: string; score: number; text: string };
type SearchResult = { query: string; results: Passage[] };

/** The last NDJSON line of a search run, as the search result. */
const searchResult = (run: { events: unknown[] }) => run.events.at(-1) as SearchResult;

describe("litink index / search", () => {
  it("indexes a book, then finds nothing to do when it is unchanged; edits re-index one chapter", () => {
    const { cwd, home } = setup();
    const env = { LITINK_HOME: home };
    const first = runCli(["index", "village.txt", "--json"], { cwd, env });
    expect(first.code).toBe(0);
    const result = first.events.at(-1);
    expect(result).toMatchObject({
      type: "result",
      command: "index",
      // Three body chapters and the title page (front matter is indexed, searched with --all).
      chapters: 4,
      embedded: 4,
      reused: 0,
      embedder: "local:hashed-v1",
    });
    expect(result?.passages).toBeGreaterThanOrEqual(3);
    expect(typeof result?.ms).toBe("number");
    const again = runCli(["index", "village.txt", "--json"], { cwd, env });
    expect(again.events.at(-1)).toMatchObject({ embedded: 0, reused: 4 });
    // The first occurrence only: one sentence of chapter I changes.
    writeFileSync(join(cwd, "village.txt"), BOOK.replace("came back to the village", "came home"));
    const edited = runCli(["index", "village.txt", "--json"], { cwd, env });
    expect(edited.events.at(-1)).toMatchObject({ embedded: 1, reused: 3, removed: 1 });
    const human = runCli(["index", "village.txt"], { cwd, env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/4 chapters/);
  });

  it("search --json returns {query, results} with chapter, title, score and text", () => {
    const { cwd, home } = setup();
    const env = { LITINK_HOME: home };
    runCli(["index", "village.txt"], { cwd, env });
    const run = runCli(["search", "village.txt", "the heron spoke", "-k", "2", "--json"], {
      cwd,
      env,
    });
    expect(run.code).toBe(0);
    const result = searchResult(run);
    expect(result).toMatchObject({ type: "result", command: "search", query: "the heron spoke" });
    expect(result.results).toHaveLength(2);
    expect(result.results[0]).toMatchObject({
      chapterIndex: 2,
      chapterTitle: "CHAPTER II. The Heron",
    });
    expect(typeof result.results[0]?.score).toBe("number");
    expect(result.results[0]?.text).toContain("heron");
    const before = runCli(["search", "village.txt", "lantern", "--before", "3", "--json"], {
      cwd,
      env,
    });
    expect(before.code).toBe(0);
    const limited = searchResult(before);
    expect(limited.results.length).toBeGreaterThan(0);
    expect(limited.results.every((passage) => passage.chapterIndex < 3)).toBe(true);
    const only = runCli(["search", "village.txt", "heron", "--chapter", "3", "--json"], {
      cwd,
      env,
    });
    expect(only.code).toBe(0);
    expect(searchResult(only).results.length).toBeGreaterThan(0);
    expect(searchResult(only).results.every((p) => p.chapterIndex === 3)).toBe(true);
  });

  it("warns when --chapter or --before leave no chapter to search", () => {
    const { cwd, home } = setup();
    const env = { LITINK_HOME: home };
    for (const filter of [
      ["--chapter", "999"],
      ["--before", "1"],
    ]) {
      const run = runCli(["search", "village.txt", "heron", ...filter, "--json"], { cwd, env });
      expect(run.code, filter.join(" ")).toBe(0);
      expect(searchResult(run).results).toEqual([]);
      const warnings = run.events.filter((event) => event.type === "warning");
      expect(warnings.map((event) => String(event.message)).join("\n")).toMatch(
        /the book has 3 chapters/,
      );
    }
  });

  it("-k is a plain whole number from 1 to 100", () => {
    const { cwd, home } = setup();
    const env = { LITINK_HOME: home };
    for (const k of ["1e3", "0x10", "0", "-1", "2.5", "101", "5000"]) {
      const run = runCli(["search", "village.txt", "heron", "-k", k, "--json"], { cwd, env });
      expect(run.code, k).toBe(64);
      expect(String(run.events.at(-1)?.message), k).toMatch(
        k === "101" || k === "5000" ? /at most 100/ : /whole number/,
      );
    }
    const most = runCli(["search", "village.txt", "heron", "-k", "100", "--json"], { cwd, env });
    expect(most.code).toBe(0);
    expect(searchResult(most).results.length).toBeGreaterThan(0);
  });

  it("a query without words is a usage error, not arbitrary passages", () => {
    const { cwd, home } = setup();
    const env = { LITINK_HOME: home };
    for (const query of ["*", "()", "…", '"', "—"]) {
      const run = runCli(["search", "village.txt", "--json", "--", query], { cwd, env });
      expect(run.code, query).toBe(64);
      expect(String(run.events.at(-1)?.message)).toMatch(/no words to search for/);
    }
  });

  it("a book deleted after indexing is exit 66, not old results", () => {
    const { cwd, home } = setup();
    const env = { LITINK_HOME: home };
    expect(runCli(["index", "village.txt"], { cwd, env }).code).toBe(0);
    rmSync(join(cwd, "village.txt"));
    const run = runCli(["search", "village.txt", "heron", "--json"], { cwd, env });
    expect(run.code).toBe(66);
    expect(run.events.at(-1)).toMatchObject({ type: "error", exitCode: 66 });
  });

  it("queries with FTS5 syntax are plain text, never a crash", () => {
    const { cwd, home } = setup();
    const queries: Array<[string, RegExp]> = [
      ['"heron', /heron/i],
      ["heron*", /heron/i],
      ["NEAR(heron miller)", /heron|miller/i],
      ["-heron", /heron/i],
      // Operators are plain words: "and" is in every passage.
      ["AND OR NOT", /\band\b/i],
    ];
    for (const [query, words] of queries) {
      // `--` so that commander takes "-heron" as the query, not an option.
      const run = runCli(["search", "village.txt", "--json", "--", query], {
        cwd,
        env: { LITINK_HOME: home },
      });
      expect(run.code, query).toBe(0);
      expect(run.events.at(-1)?.type).toBe("result");
      const results = searchResult(run).results;
      expect(results.length, query).toBeGreaterThan(0);
      expect(results[0]?.text, query).toMatch(words);
    }
  });

  it("indexes an unindexed book first and says so; an empty query is a usage error", () => {
    const { cwd, home } = setup();
    const env = { LITINK_HOME: home };
    const run = runCli(["search", "village.txt", "miller"], { cwd, env });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/not indexed yet; indexing it first/);
    expect(run.stdout).toMatch(/CHAPTER I\. The Miller/);
    const empty = runCli(["search", "village.txt", "  ", "--json"], { cwd, env });
    expect(empty.code).toBe(64);
    expect(empty.events.at(-1)).toMatchObject({ type: "error", exitCode: 64 });
    const missing = runCli(["search", "nowhere.txt", "miller"], { cwd, env });
    expect(missing.code).toBe(66);
  });

  it("rebuilds a corrupted index.db with a warning instead of crashing", () => {
    const { cwd, home } = setup();
    const env = { LITINK_HOME: home };
    runCli(["index", "village.txt"], { cwd, env });
    writeFileSync(join(home, "index.db"), "garbage ".repeat(1000));
    const run = runCli(["search", "village.txt", "lantern", "--json"], { cwd, env });
    expect(run.code).toBe(0);
    const warnings = run.events
      .filter((event) => event.type === "warning")
      .map((event) => String(event.message));
    expect(warnings.some((message) => /index.*unusable.*rebuilding/.test(message))).toBe(true);
    expect(searchResult(run).results[0]?.chapterIndex).toBe(3);
    expect(readdirSync(home).some((name) => name.startsWith("index.db.damaged-"))).toBe(true);
  });

  it.skipIf(!existsSync(ALICE_PDF) && !inCi)(
    "indexes a book with empty chapters (the Alice PDF)",
    () => {
      const { cwd, home } = setup();
      const run = runCli(["index", ALICE_PDF, "--json"], { cwd, env: { LITINK_HOME: home } });
      expect(run.code, run.stderr).toBe(0);
      const result = run.events.at(-1);
      expect(result).toMatchObject({ type: "result", command: "index" });
      expect(result?.passages).toBeGreaterThan(0);
      const again = runCli(["index", ALICE_PDF, "--json"], { cwd, env: { LITINK_HOME: home } });
      expect(again.events.at(-1)).toMatchObject({ embedded: 0 });
    },
    120_000,
  );

  it("has help with examples", () => {
    const { cwd } = setup();
    for (const name of ["index", "search"]) {
      const help = runCli([name, "--help"], { cwd });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("Examples:");
      expect(help.stdout).toContain(`$ litink ${name}`);
    }
  });
});
