import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EMULATOR_API_KEY,
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from "../../test/emulators/openai-compatible.js";
import { loadConfig } from "../config/load.js";
import { featureBuckets } from "../providers/local/hashed/local-hashed.js";
import { embedderForTier } from "./embedder-setup.js";
import { LOCAL_EMBEDDER_REF } from "./embedders.js";
import { openIndex } from "./index-db.js";
import { indexBook } from "./indexer.js";
import { retrieve } from "./retrieve.js";
import { makeBook, tempHome } from "./test-support.js";

const KEY = "/books/chain.txt";
const text = (topic: string) =>
  `The ${topic} stood by the gate. Everyone in the street had an opinion about the ${topic}. `.repeat(
    6,
  );
const chapters = ["lamp", "cart", "bell"].map((topic, n) => ({
  title: `Chapter ${n + 1}`,
  text: text(topic),
}));

let emulator: OpenAICompatibleEmulator;
beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator({ dialect: "openai" });
});
afterAll(() => emulator.close());

describe("embedderForTier", () => {
  it("embeds through the tier's OpenAI chain, falls back to local per chapter, and records which model built each", async () => {
    const home = tempHome();
    const env = {
      OPENAI_API_KEY: EMULATOR_API_KEY,
      OPENAI_BASE_URL: `${emulator.url}/v1`,
      LITINK_HOME: home,
    };
    const loaded = await loadConfig({ cwd: home, env });
    const events: Array<{ type: string; fields: Record<string, unknown> }> = [];
    const setup = await embedderForTier({
      tier: "basic",
      loaded,
      env,
      events: { emit: (type, fields) => events.push({ type, fields }) },
      resilience: { retry: { maxAttempts: 1 }, timeScale: 0.001 },
    });
    const { db } = await openIndex(home);
    try {
      expect(setup.accepts).toEqual(["openai:text-embedding-3-small"]);
      const options = {
        bookKey: KEY,
        embedder: setup.embedder,
        accepts: setup.accepts,
        bucketsOf: featureBuckets,
      };
      const first = await indexBook(db, makeBook(KEY, chapters), options);
      expect(first.embedders).toEqual(["openai:text-embedding-3-small"]);
      expect(emulator.count("/embeddings")).toBe(3);
      const again = await indexBook(db, makeBook(KEY, chapters), options);
      expect(again.embedded).toBe(0);
      expect(emulator.count("/embeddings")).toBe(3);

      // OpenAI down: the edited chapter is embedded locally, into its own vector table.
      emulator.inject({
        fault: { kind: "status", status: 500 },
        pathIncludes: "/embeddings",
        times: Number.POSITIVE_INFINITY,
      });
      const edited = chapters.map((chapter, n) =>
        n === 1 ? { ...chapter, text: text("wagon") } : chapter,
      );
      const fallback = await indexBook(db, makeBook(KEY, edited), options);
      expect(fallback).toMatchObject({ embedded: 1, reused: 2 });
      expect(fallback.embedders).toEqual(
        [LOCAL_EMBEDDER_REF, "openai:text-embedding-3-small"].sort(),
      );
      const tables = db.prepare("SELECT embedder, vec_table FROM chapters ORDER BY position").all();
      expect(tables).toEqual([
        {
          embedder: "openai:text-embedding-3-small",
          vec_table: "vec_openai_text_embedding_3_small_1536",
        },
        { embedder: LOCAL_EMBEDDER_REF, vec_table: "vec_local_hashed_v1_1024" },
        {
          embedder: "openai:text-embedding-3-small",
          vec_table: "vec_openai_text_embedding_3_small_1536",
        },
      ]);
      expect(events.some((event) => event.type === "fallback")).toBe(true);

      // Searching still works while OpenAI is down: local vectors and keywords answer.
      const results = await retrieve(db, KEY, "the wagon by the gate", {
        embedQuery: setup.queryEmbedder(db, KEY),
      });
      expect(results[0]?.chapterIndex).toBe(2);
      expect(
        events.some(
          (event) => event.type === "warning" && /keyword only/.test(String(event.fields.message)),
        ),
      ).toBe(true);
      emulator.clearFaults();
      const healthy = await retrieve(db, KEY, "the bell by the gate", {
        embedQuery: setup.queryEmbedder(db, KEY),
      });
      expect(healthy[0]?.chapterIndex).toBe(3);
      // Back up: the chapter the fallback embedded is embedded again with the preferred model.
      const upgraded = await indexBook(db, makeBook(KEY, edited), options);
      expect(upgraded).toMatchObject({
        embedded: 1,
        reused: 2,
        embedders: ["openai:text-embedding-3-small"],
      });
    } finally {
      setup.close();
      db.close();
    }
  });

  it("offline search never calls a provider for chapters a paid embedder built", async () => {
    const home = tempHome();
    const env = {
      OPENAI_API_KEY: EMULATOR_API_KEY,
      OPENAI_BASE_URL: `${emulator.url}/v1`,
      LITINK_HOME: home,
    };
    const loaded = await loadConfig({ cwd: home, env });
    const paid = await embedderForTier({ tier: "basic", loaded, env });
    const { db } = await openIndex(home);
    try {
      await indexBook(db, makeBook(KEY, chapters), {
        bookKey: KEY,
        embedder: paid.embedder,
        accepts: paid.accepts,
        bucketsOf: featureBuckets,
      });
      const before = emulator.count("/embeddings");
      const warnings: string[] = [];
      const offline = await embedderForTier({
        tier: "local",
        loaded,
        env,
        events: {
          emit: (type, fields) => type === "warning" && warnings.push(String(fields.message)),
        },
      });
      const results = await retrieve(db, KEY, "bell", {
        k: 3,
        embedQuery: offline.queryEmbedder(db, KEY),
      });
      expect(results[0]?.text).toContain("bell");
      expect(emulator.count("/embeddings")).toBe(before);
      expect(warnings.join(" ")).toContain("keyword only");
      offline.close();
    } finally {
      paid.close();
      db.close();
    }
  });

  it("says so when a paid tier embeds locally for want of a key", async () => {
    const home = tempHome();
    const loaded = await loadConfig({ cwd: home, env: { LITINK_HOME: home } });
    const events: Array<{ type: string; fields: Record<string, unknown> }> = [];
    const setup = await embedderForTier({
      tier: "premium",
      loaded,
      env: {},
      events: { emit: (type, fields) => events.push({ type, fields }) },
    });
    expect(setup.accepts).toEqual([LOCAL_EMBEDDER_REF]);
    expect(events.find((event) => event.type === "fallback")?.fields).toMatchObject({
      modality: "embedding",
      from: "openai:text-embedding-3-small",
      to: "local:hashed",
    });
    setup.close();
  });
});
