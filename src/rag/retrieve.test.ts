import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedWeighted, featureBuckets } from "../providers/local/hashed/local-hashed.js";
import { LOCAL_EMBEDDER_REF, localEmbedder } from "./embedders.js";
import { ftsExpression } from "./fts-query.js";
import { idfForQuery } from "./idf.js";
import { type IndexDb, openIndex } from "./index-db.js";
import { indexBook } from "./indexer.js";
import { neighbours, type QueryEmbedder, retrieve } from "./retrieve.js";
import { makeBook, tempHome } from "./test-support.js";

const KEY = "/books/animals.txt";
const topics = ["fox", "badger", "heron", "otter", "salmon", "falcon"];
const text = (topic: string) =>
  Array.from(
    { length: 8 },
    (_, n) =>
      `In the morning the ${topic} went down to the water, step ${n}, and the ${topic} was seen by the miller.`,
  ).join(" ");

let db: IndexDb;
let embedQuery: QueryEmbedder;
beforeAll(async () => {
  db = (await openIndex(tempHome())).db;
  const book = makeBook(KEY, [
    { title: "Contents", text: "The fox. The badger. The heron.", kind: "front" },
    ...topics.map((topic, n) => ({ title: `Chapter ${n + 1}: the ${topic}`, text: text(topic) })),
    { title: "Notes", text: "A note on the fox and the miller's licence.", kind: "back" },
  ]);
  await indexBook(db, book, {
    bookKey: KEY,
    embedder: await localEmbedder(),
    bucketsOf: featureBuckets,
  });
  embedQuery = async (ref, query) => {
    expect(ref).toBe(LOCAL_EMBEDDER_REF);
    return embedWeighted(query, idfForQuery(db, KEY, featureBuckets(query).keys()));
  };
});
afterAll(() => db.close());

describe("retrieve", () => {
  it("finds the chapter a phrase comes from, in every mode", async () => {
    for (const mode of ["hybrid", "vector", "keyword"] as const) {
      const [top] = await retrieve(db, KEY, "the otter was seen by the miller", {
        embedQuery,
        mode,
      });
      expect(top, mode).toMatchObject({ chapterIndex: 4, chapterTitle: "Chapter 4: the otter" });
      expect(top?.text).toContain("otter");
    }
  });

  it("`before` and `chapters` limit the chapters searched; matter is excluded by default", async () => {
    const before = await retrieve(db, KEY, "fox heron salmon falcon", {
      embedQuery,
      k: 20,
      before: 3,
    });
    expect(before.length).toBeGreaterThan(0);
    expect(new Set(before.map((passage) => passage.chapterIndex))).toEqual(new Set([1, 2]));
    const chosen = await retrieve(db, KEY, "fox", { embedQuery, k: 20, chapters: [3, 5] });
    expect(chosen.length).toBeGreaterThan(0);
    for (const passage of chosen) expect([3, 5]).toContain(passage.chapterIndex);
    const body = await retrieve(db, KEY, "licence note contents", { embedQuery, k: 50 });
    expect(body.every((passage) => passage.chapterIndex !== null)).toBe(true);
    const all = await retrieve(db, KEY, "licence note", { embedQuery, k: 50, includeMatter: true });
    expect(all.some((passage) => passage.chapterTitle === "Notes")).toBe(true);
  });

  it("treats FTS5 syntax in queries as plain words", async () => {
    for (const query of [
      '"the otter',
      "otter*",
      "otter NEAR miller",
      "-otter",
      "otter AND",
      "(",
      '"',
      "title:otter",
      "^otter",
    ]) {
      const results = await retrieve(db, KEY, query, { embedQuery, mode: "keyword" });
      if (/otter/.test(query)) expect(results[0]?.chapterIndex, query).toBe(4);
      const hybrid = await retrieve(db, KEY, query, { embedQuery });
      expect(Array.isArray(hybrid)).toBe(true);
    }
    expect(ftsExpression('say "hi" -now')).toBe('"say" OR "hi" OR "now"');
    expect(ftsExpression("*** -- ()")).toBeNull();
  });

  it("keeps the vector candidates within vec0's KNN limit of 4096", async () => {
    const many = await retrieve(db, KEY, "otter", { embedQuery, k: 5000, candidates: 10_000 });
    expect(many.length).toBeGreaterThan(0);
    // Every body passage (the matter is excluded by default).
    const body = db
      .prepare(
        "SELECT COUNT(*) FROM passages p JOIN chapters c ON c.row = p.chapter_row WHERE c.chapter_index > 0",
      )
      .pluck()
      .get();
    expect(many.length).toBe(body);
  });

  it("neighbours gives the openings of chapters n−1 and n+1", () => {
    const around = neighbours(db, KEY, 2);
    expect(around.previous).toMatchObject({ chapterIndex: 1, chapterTitle: "Chapter 1: the fox" });
    expect(around.previous?.opening).toContain("fox");
    expect(around.next?.opening).toContain("heron");
    expect(neighbours(db, KEY, 1).previous).toBeNull();
    expect(neighbours(db, KEY, 6).next).toBeNull();
  });
});

describe("openIndex", () => {
  it("moves a file that is not a database aside and rebuilds, with a warning", async () => {
    const home = tempHome();
    writeFileSync(join(home, "index.db"), "this is not a database at all ".repeat(200));
    const opened = await openIndex(home);
    expect(opened.warnings).toHaveLength(1);
    expect(opened.warnings[0]).toMatch(/unusable.*moved it to/);
    expect(opened.db.prepare("SELECT COUNT(*) FROM books").pluck().get()).toBe(0);
    opened.db.close();
    const again = await openIndex(home);
    expect(again.warnings).toEqual([]);
    again.db.close();
  });

  it("rebuilds when a vector table the chapters need is missing", async () => {
    const home = tempHome();
    const first = await openIndex(home);
    await indexBook(first.db, makeBook(KEY, [{ title: "One", text: text("fox") }]), {
      bookKey: KEY,
      embedder: await localEmbedder(),
      bucketsOf: featureBuckets,
    });
    const table = first.db.prepare("SELECT vec_table FROM chapters").pluck().get() as string;
    first.db.exec(`DROP TABLE ${table}`);
    first.db.close();
    const second = await openIndex(home);
    expect(second.warnings[0]).toMatch(/vector table .* is missing/);
    expect(second.db.prepare("SELECT COUNT(*) FROM chapters").pluck().get()).toBe(0);
    second.db.close();
  });
});
