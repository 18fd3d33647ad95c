import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli, tempDir, toolPresent } from "../support/cli.js";

const BOOK = `The Tiny Book

by A. Writer

CONTENTS

   CHAPTER I. The Start
   CHAPTER II. The End of It

CHAPTER I. The Start

It was a bright cold day in April, and the clocks were striking thirteen. Winston Smith walked on.

"Well," said she, "that is all."

CHAPTER II. The End of It

The second chapter opens here with more words than the first one had, so that counts differ.

THE END
`;

function bookFolder(): { cwd: string; book: string } {
  const cwd = tempDir();
  writeFileSync(join(cwd, "tiny.txt"), BOOK);
  return { cwd, book: "tiny.txt" };
}

/** No stack frames ("    at fn (file:line)") ever reach a user without --debug. */
function expectNoStack(text: string): void {
  expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe("litink CLI", () => {
  it("--help lists every command with examples; each command has its own examples", () => {
    const cwd = tempDir();
    const root = runCli(["--help"], { cwd });
    expect(root.code).toBe(0);
    for (const name of ["init", "doctor", "inspect", "usage"]) {
      expect(root.stdout).toContain(name);
      const help = runCli([name, "--help"], { cwd });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("Examples:");
      expect(help.stdout).toContain(`$ litink ${name}`);
      expect(help.stdout).toContain("--json");
    }
  });

  it("with --json, help and version are NDJSON result lines too", () => {
    const cwd = tempDir();
    for (const args of [["--help"], ["inspect", "--help"], ["help", "doctor"], ["--version"]]) {
      const run = runCli([...args, "--json"], { cwd });
      expect(run.code).toBe(0);
      expect(run.events).toHaveLength(1);
      expect(run.events[0]).toMatchObject({ type: "result" });
      expect(String(run.events[0]!.text)).not.toBe("");
    }
  });

  it("inspect prints a table of body chapters and records the book in the state database", () => {
    const { cwd, book } = bookFolder();
    const run = runCli(["inspect", book], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1\s+CHAPTER I\. The Start/);
    expect(run.stdout).toMatch(/2\s+CHAPTER II\. The End of It/);
    expect(run.stdout).not.toContain("CONTENTS");
    const db = new Database(join(cwd, ".litink/litink.db"), { readonly: true });
    expect(db.prepare("SELECT format, COUNT(*) AS n FROM books").get()).toEqual({
      format: "txt",
      n: 1,
    });
    expect(db.prepare("SELECT COUNT(*) AS n FROM chapters WHERE kind = 'body'").get()).toEqual({
      n: 2,
    });
    db.close();
  });

  it("inspect --json writes only NDJSON, ending with the inspect result of DESIGN.md §4", () => {
    const { cwd, book } = bookFolder();
    const run = runCli(["inspect", book, "--json"], { cwd });
    expect(run.code).toBe(0);
    const result = run.events.at(-1)!;
    expect(result).toMatchObject({
      type: "result",
      command: "inspect",
      format: "txt",
      chapterCount: 2,
    });
    for (const event of run.events) expect(typeof event.ts).toBe("string");
    const chapters = result.chapters as Array<Record<string, unknown>>;
    expect(Object.keys(chapters[0]!).sort()).toEqual([
      "index",
      "kind",
      "part",
      "startsWith",
      "title",
      "words",
    ]);
    expect(chapters[0]).toMatchObject({
      index: 1,
      title: "CHAPTER I. The Start",
      part: null,
      kind: "body",
    });
    expect(chapters[0]!.startsWith).toBe("It was a bright cold day in April, and the clocks were");
  });

  it("inspect --all adds front and back matter with index null", () => {
    const { cwd, book } = bookFolder();
    const result = runCli(["inspect", book, "--all", "--json"], { cwd }).events.at(-1)!;
    const chapters = result.chapters as Array<{ index: number | null; kind: string }>;
    expect(result.chapterCount).toBe(2);
    expect(chapters.some((chapter) => chapter.kind !== "body" && chapter.index === null)).toBe(
      true,
    );
    expect(
      chapters.filter((chapter) => chapter.kind === "body").map((chapter) => chapter.index),
    ).toEqual([1, 2]);
  });

  it("a missing book exits 66 with what/why/what-to-do, no stack, nothing written", () => {
    const cwd = tempDir();
    const run = runCli(["inspect", "absent.epub"], { cwd });
    expect(run.code).toBe(66);
    expect(run.stderr).toContain('Cannot find "absent.epub"');
    expect(run.stderr).toContain("Check the path");
    expectNoStack(run.stderr);
    expect(readdirSync(cwd).filter((name) => !name.startsWith(".no-user"))).toEqual([]);
  });

  it("a corrupt book exits 65; with --json the last line is the error object", () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, "broken.epub"),
      Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(64, 7)]),
    );
    const run = runCli(["inspect", "broken.epub", "--json"], { cwd });
    expect(run.code).toBe(65);
    expect(run.events.at(-1)).toMatchObject({
      type: "error",
      name: "CorruptArchive",
      exitCode: 65,
    });
    expect(run.stderr).toBe("");
    expect(existsSync(join(cwd, ".litink"))).toBe(false);
  });

  it("usage errors exit 64, in human and JSON modes", () => {
    const cwd = tempDir();
    const human = runCli(["inspect", "--bogus"], { cwd });
    expect(human.code).toBe(64);
    expect(human.stderr).toContain("unknown option '--bogus'");
    const json = runCli(["inspect", "--json"], { cwd });
    expect(json.code).toBe(64);
    expect(json.events.at(-1)).toMatchObject({ type: "error", name: "UsageError", exitCode: 64 });
    expect(runCli(["inspekt", "x"], { cwd }).code).toBe(64);
  });

  it("init --yes writes a config that loads; a second init refuses to overwrite", () => {
    const cwd = tempDir();
    const first = runCli(["init", "--yes"], { cwd });
    expect(first.code).toBe(0);
    const written = readFileSync(join(cwd, "litink.config.ts"), "utf8");
    expect(written).toContain('tier: "local"');
    expect(written).toMatch(/^\s*\/\/ /m); // commented for people
    const doctor = runCli(["doctor", "--json"], { cwd }).events.at(-1)!;
    const config = (doctor.checks as Array<{ name: string; ok: boolean; detail: string }>).find(
      (check) => check.name === "config",
    )!;
    expect(config).toMatchObject({ ok: true });
    expect(config.detail).toContain("litink.config.ts");
    writeFileSync(join(cwd, "litink.config.ts"), "// mine\nexport default {};\n");
    const second = runCli(["init", "--yes"], { cwd });
    expect(second.code).toBe(64);
    expect(readFileSync(join(cwd, "litink.config.ts"), "utf8")).toBe(
      "// mine\nexport default {};\n",
    );
    expect(runCli(["init", "--yes", "--force"], { cwd }).code).toBe(0);
    expect(readdirSync(cwd).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("init refuses to add a second config beside an existing one", () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, ".litinkrc.json"), JSON.stringify({ budgetUsd: 2 }));
    const run = runCli(["init", "--yes", "--force"], { cwd });
    expect(run.code).toBe(64);
    expect(run.stderr).toContain(".litinkrc.json");
    expect(existsSync(join(cwd, "litink.config.ts"))).toBe(false);
  });

  it("an unusable state folder is a configuration error (78), not a crash", () => {
    const { cwd, book } = bookFolder();
    writeFileSync(join(cwd, "not-a-folder"), "x");
    const run = runCli(["inspect", book], { cwd, env: { LITINK_HOME: "not-a-folder/state" } });
    expect(run.code).toBe(78);
    expect(run.stderr).toContain("State database error");
    expectNoStack(run.stderr);
  });

  it("keys in the environment reach neither output, errors nor the database", () => {
    const { cwd, book } = bookFolder();
    const secrets = {
      OPENROUTER_API_KEY: "sk-or-v1-SECRET-openrouter-0001",
      OPENAI_API_KEY: "sk-SECRET-openai-0002",
      ELEVENLABS_API_KEY: "SECRET-elevenlabs-0003",
      MODELSLAB_API_KEY: "SECRET-modelslab-0004",
    };
    const runs = [
      runCli(["inspect", book, "--json", "--debug"], { cwd, env: secrets }),
      runCli(["doctor", "--debug"], { cwd, env: secrets }),
      runCli(["doctor", "--json"], { cwd, env: secrets }),
      runCli(["inspect", "absent.epub", "--debug"], { cwd, env: secrets }),
    ];
    const database = readdirSync(join(cwd, ".litink"))
      .map((name) => readFileSync(join(cwd, ".litink", name)).toString("latin1"))
      .join("");
    for (const secret of Object.values(secrets)) {
      for (const run of runs) expect(run.stdout + run.stderr).not.toContain(secret);
      expect(database).not.toContain(secret);
    }
  });

  it("doctor reports sources, never key values, and exits 78 on an invalid config", () => {
    const cwd = tempDir();
    const secret = "sk-or-v1-THIS-IS-A-SECRET-123";
    const run = runCli(["doctor", "--json"], {
      cwd,
      env: { OPENROUTER_API_KEY: secret, LITINK_TIER: "basic" },
    });
    expect(run.stdout).not.toContain(secret);
    const result = run.events.at(-1)!;
    expect(result.config).toMatchObject({
      OPENROUTER_API_KEY: { value: "present", source: "env" },
      OPENAI_API_KEY: { value: "absent" },
      tier: { value: "basic", source: "env" },
    });
    const names = (result.checks as Array<{ name: string }>).map((check) => check.name);
    expect(names).toEqual(
      expect.arrayContaining(["node", "ffmpeg", "ffprobe", "sqlite-vec", "config"]),
    );
    const sqliteVec = (result.checks as Array<{ name: string; ok: boolean }>).find(
      (check) => check.name === "sqlite-vec",
    );
    expect(sqliteVec?.ok).toBe(true);

    writeFileSync(join(cwd, "litink.config.json"), JSON.stringify({ budgetUsd: "lots" }));
    const invalid = runCli(["doctor"], { cwd });
    expect(invalid.code).toBe(78);
    expect(invalid.stdout).toContain("budgetUsd: expected number");
  });

  it("usage on a project with no ledger reports zero without creating state; a bad --since is 64", () => {
    const cwd = tempDir();
    const run = runCli(["usage", "--json"], { cwd });
    expect(run.code).toBe(0);
    expect(run.events.at(-1)).toMatchObject({
      type: "result",
      command: "usage",
      totalUsd: 0,
      rows: [],
    });
    expect(existsSync(join(cwd, ".litink"))).toBe(false);
    expect(runCli(["usage", "--since", "last tuesday"], { cwd }).code).toBe(64);
    expect(runCli(["usage", "--since", "7d"], { cwd }).stdout).toContain("Nothing spent yet.");
  });

  it("doctor finds ffmpeg and ffprobe and reads their versions", (context) => {
    if (!toolPresent("ffmpeg")) {
      context.skip(
        "ffmpeg is not installed (apt-get install ffmpeg); skipping the ffmpeg doctor check",
      );
    }
    const result = runCli(["doctor", "--json"], { cwd: tempDir() }).events.at(-1)!;
    const checks = result.checks as Array<{ name: string; ok: boolean; detail: string }>;
    for (const name of ["ffmpeg", "ffprobe"]) {
      const check = checks.find((entry) => entry.name === name)!;
      expect(check.ok).toBe(true);
      expect(check.detail).toMatch(/^\S*\d+\.\d+/);
    }
  });
});

describe("litink writing into a pipe closed early", () => {
  it("ends quietly with exit 0 when the reader is gone (litink … --help | head -1)", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [join(repoRoot, "bin/litink.js"), "generate", "--help"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Like `head -1` having read its line and gone: the reader is closed before litink writes.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
