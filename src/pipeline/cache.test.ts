import { mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ArtifactStore } from "../store/artifacts.js";
import { type Db, openStore } from "../store/db.js";
import { TaskCache } from "./cache.js";
import type { TaskOutput } from "./graph.js";
import { type KeyParts, outputHash } from "./task-key.js";

let home: string;
let db: Db;
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), "litink-cache-"));
  db = await openStore(home);
});
afterEach(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

const parts = (prompt: string): KeyParts => ({
  kind: "image",
  taskVersion: 1,
  models: ["local:storyboard"],
  params: { prompt },
  inputKeys: [],
});

async function imageOutput(bytes: string): Promise<TaskOutput> {
  const artifact = await new ArtifactStore(db, home).put(Buffer.from(bytes), "image/png");
  const body = { artifacts: { image: artifact.hash }, values: { width: 1, height: 1 } };
  return { ...body, hash: outputHash(body) };
}

describe("TaskCache", () => {
  it("returns what was committed, with who made it and what it cost", async () => {
    const cache = new TaskCache(db, home);
    const output = await imageOutput("png-1");
    expect(cache.get("k1")).toBeNull();
    cache.commit("k1", {
      kind: "image",
      taskId: "image:ch01-sc01-sh01",
      parts: parts("a"),
      output,
      provider: "modelslab",
      model: "seedream-4",
      costUsd: 0.03,
    });
    expect(cache.get("k1")).toEqual({
      output,
      provider: "modelslab",
      model: "seedream-4",
      costUsd: 0.03,
    });
  });

  it("touches used_at on a hit", async () => {
    const cache = new TaskCache(db, home);
    const entry = {
      kind: "image",
      taskId: "t",
      parts: parts("a"),
      provider: null,
      model: null,
      costUsd: 0,
    };
    cache.commit("k1", { ...entry, output: await imageOutput("x") });
    db.prepare("UPDATE task_cache SET used_at = '2000-01-01T00:00:00.000Z'").run();
    cache.get("k1");
    const row = db.prepare("SELECT used_at FROM task_cache WHERE key = 'k1'").get() as {
      used_at: string;
    };
    expect(row.used_at > "2000-01-01T00:00:00.000Z").toBe(true);
  });

  it("misses when an artifact's file was deleted, and when its record is gone", async () => {
    const cache = new TaskCache(db, home);
    const output = await imageOutput("deleted");
    const entry = {
      kind: "image",
      taskId: "t",
      parts: parts("a"),
      provider: null,
      model: null,
      costUsd: 0,
    };
    cache.commit("k1", { ...entry, output });
    const artifact = new ArtifactStore(db, home).get(output.artifacts.image as string);
    unlinkSync(artifact!.path);
    expect(cache.get("k1")).toBeNull();
    // Without `home` only the record is checked (the constructor the contract started with).
    expect(new TaskCache(db).get("k1")).not.toBeNull();
    db.prepare("DELETE FROM artifacts").run();
    expect(new TaskCache(db).get("k1")).toBeNull();
  });

  it("keeps outputs without artifacts (bible, adapt) as hits", () => {
    const cache = new TaskCache(db, home);
    const body = { artifacts: {}, values: { file: "bible.json" } };
    const output = { ...body, hash: outputHash(body) };
    cache.commit("k", {
      kind: "bible",
      taskId: "bible",
      parts: parts("b"),
      output,
      provider: null,
      model: null,
      costUsd: 0,
    });
    expect(cache.get("k")?.output).toEqual(output);
  });

  it("gives the newest parts of a task id, and replaces an entry under the same key", async () => {
    const cache = new TaskCache(db, home);
    expect(cache.lastParts("image:x")).toBeNull();
    const output = await imageOutput("p");
    const entry = {
      kind: "image",
      taskId: "image:x",
      provider: null,
      model: null,
      costUsd: 0,
      output,
    };
    cache.commit("k1", { ...entry, parts: parts("first") });
    cache.commit("k2", { ...entry, parts: parts("second") });
    expect(cache.lastParts("image:x")?.params).toEqual({ prompt: "second" });
    cache.commit("k1", { ...entry, parts: parts("third") });
    expect(cache.lastParts("image:x")?.params).toEqual({ prompt: "third" });
    expect((db.prepare("SELECT COUNT(*) AS n FROM task_cache").get() as { n: number }).n).toBe(2);
    expect(cache.lastParts("image:other")).toBeNull();
  });

  it("peek finds what get finds and writes nothing (estimate must not write)", async () => {
    const cache = new TaskCache(db, home);
    const output = await imageOutput("peeked");
    cache.commit("k1", {
      kind: "image",
      taskId: "t",
      parts: parts("a"),
      output,
      provider: "modelslab",
      model: "seedream-4",
      costUsd: 0.03,
    });
    db.prepare("UPDATE task_cache SET used_at = '2000-01-01T00:00:00.000Z'").run();
    const changes = () => (db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
    const before = changes();
    expect(cache.peek("k1")).toEqual(cache.get("k1"));
    expect(cache.peek("missing")).toBeNull();
    // Only get's UPDATE of used_at changed a row.
    expect(changes()).toBe(before + 1);
    db.prepare("UPDATE task_cache SET used_at = '2000-01-01T00:00:00.000Z'").run();
    cache.peek("k1");
    const row = db.prepare("SELECT used_at FROM task_cache WHERE key = 'k1'").get() as {
      used_at: string;
    };
    expect(row.used_at).toBe("2000-01-01T00:00:00.000Z");
  });

  it("keeps plain values (a section's answer) and gives them back; a task output is no value", async () => {
    const cache = new TaskCache(db, home);
    expect(cache.getValue("section")).toBeNull();
    const value = { draft: { scenes: [] }, ref: "openrouter:x" };
    cache.putValue("section", {
      kind: "adapt-section",
      taskId: "adapt-section:ch01",
      parts: { ...parts("s"), kind: "adapt-section" },
      value,
      provider: "openrouter",
      model: "x",
      costUsd: 0,
    });
    expect(cache.getValue("section")).toEqual(value);
    // A durable row in task_cache, readable by a new connection's cache.
    expect(new TaskCache(db).getValue("section")).toEqual(value);
    cache.commit("task", {
      kind: "image",
      taskId: "t",
      parts: parts("a"),
      output: await imageOutput("v"),
      provider: null,
      model: null,
      costUsd: 0,
    });
    expect(cache.getValue("task")).toBeNull();
  });
});
