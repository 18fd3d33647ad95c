import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { featureBuckets } from "../providers/local/hashed/local-hashed.js";
import { LOCAL_EMBEDDER_REF, localEmbedder, type PassageEmbedder } from "./embedders.js";
import { type IndexDb, openIndex } from "./index-db.js";
import { indexBook } from "./indexer.js";
import { countingEmbedder, makeBook, tempHome } from "./test-support.js";
import { vecTableName } from "./vec-tables.js";

const paragraph = (topic: string, count = 12) =>
  Array.from(
    { length: count },
    (_, sentence) =>
      `The ${topic} was discussed for the ${sentence + 1}th time by everyone at the long table, and nobody agreed about the ${topic} at all.`,
  ).join(" ");

const chapters = [
  { title: "Preface", text: paragraph("preface"), kind: "front" as const },
  { title: "I. Horses", text: paragraph("horse") },
  { title: "II. Rivers", text: paragraph("river") },
  { title: "III. Letters", text: paragraph("letter") },
];

let db: IndexDb;
let local: PassageEmbedder;
beforeEach(async () => {
  db = (await openIndex(tempHome())).db;
  local = await localEmbedder();
});
afterEach(() => db.close());

function run(embedder: PassageEmbedder, book = makeBook("/books/test.txt", chapters)) {
  return indexBook(db, book, {
    bookKey: "/books/test.txt",
    embedder,
    accepts: [embedder.label],
    bucketsOf: featureBuckets,
  });
}

describe("indexBook", () => {
  it("embeds every chapter once, then nothing when the book is unchanged", async () => {
    const counting = countingEmbedder(local);
    const first = await run(counting);
    expect(first).toMatchObject({ chapters: 4, embedded: 4, reused: 0, removed: 0 });
    expect(first.embedders).toEqual([LOCAL_EMBEDDER_REF]);
    expect(first.passages).toBeGreaterThanOrEqual(4);
    const calls = counting.calls;
    const second = await run(counting);
    expect(second).toMatchObject({ embedded: 0, reused: 4, removed: 0, passages: first.passages });
    expect(counting.calls).toBe(calls);
  });

  it("re-embeds only an edited chapter and deletes a removed one", async () => {
    const counting = countingEmbedder(local);
    await run(counting);
    const edited = chapters.map((chapter) =>
      chapter.title === "II. Rivers" ? { ...chapter, text: paragraph("canal") } : chapter,
    );
    const before = counting.calls;
    const stats = await run(counting, makeBook("/books/test.txt", edited));
    expect(stats).toMatchObject({ embedded: 1, reused: 3, removed: 1 });
    expect(counting.calls - before).toBe(1);
    const titles = db.prepare("SELECT title FROM chapters ORDER BY position").pluck().all();
    expect(titles).toEqual(["Preface", "I. Horses", "II. Rivers", "III. Letters"]);
    const rivers = db
      .prepare("SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH 'river'")
      .pluck()
      .get();
    expect(rivers).toBe(0);
    const removed = await run(counting, makeBook("/books/test.txt", edited.slice(0, 3)));
    expect(removed).toMatchObject({ embedded: 0, reused: 3, removed: 1 });
    const table = vecTableName(LOCAL_EMBEDDER_REF, (await local.embed(["x"])).dimensions);
    const vectors = db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
    expect(vectors).toBe(removed.passages);
  });

  it("keeps vectors of different embedders in separate tables and records which built each chapter", async () => {
    const fake: PassageEmbedder = {
      label: "test:fake-v1",
      async embed(texts) {
        return {
          ref: "test:fake-v1",
          dimensions: 8,
          vectors: texts.map((text) =>
            Float32Array.from({ length: 8 }, (_, i) => (text.length % (i + 2)) + 1),
          ),
        };
      },
    };
    await run(fake);
    const fakeTable = vecTableName("test:fake-v1", 8);
    expect(db.prepare(`SELECT COUNT(*) FROM ${fakeTable}`).pluck().get()).toBeGreaterThan(0);
    // Switching embedders re-embeds everything into the other table; the old rows go.
    const stats = await run(local);
    expect(stats).toMatchObject({
      embedded: 4,
      reused: 0,
      removed: 4,
      embedders: [LOCAL_EMBEDDER_REF],
    });
    expect(db.prepare(`SELECT COUNT(*) FROM ${fakeTable}`).pluck().get()).toBe(0);
    const recorded = db.prepare("SELECT DISTINCT embedder, vec_table FROM chapters").all();
    expect(recorded).toEqual([
      {
        embedder: LOCAL_EMBEDDER_REF,
        vec_table: vecTableName(LOCAL_EMBEDDER_REF, (await local.embed(["x"])).dimensions),
      },
    ]);
  });

  it("keeps per-book bucket document frequencies in step with the passages", async () => {
    await run(local);
    const edited = chapters.map((chapter, position) =>
      position === 1 ? { ...chapter, text: paragraph("canal") } : chapter,
    );
    await run(local, makeBook("/books/test.txt", edited));
    const stored = new Map(
      (
        db.prepare("SELECT bucket, df FROM bucket_df").all() as Array<{
          bucket: number;
          df: number;
        }>
      ).map((row) => [row.bucket, row.df]),
    );
    const expected = new Map<number, number>();
    for (const text of db.prepare("SELECT text FROM passages").pluck().all() as string[])
      for (const bucket of featureBuckets(text).keys())
        expected.set(bucket, (expected.get(bucket) ?? 0) + 1);
    expect(stored).toEqual(expected);
    const count = db.prepare("SELECT passage_count FROM books").pluck().get();
    expect(count).toBe(db.prepare("SELECT COUNT(*) FROM passages").pluck().get());
  });

  it("records a chapter without text with 0 passages and no vectors, and reuses it", async () => {
    const counting = countingEmbedder(local);
    const book = makeBook("/books/test.txt", [
      ...chapters,
      { title: "IV. (blank page)", text: "" },
      { title: "V. Whitespace", text: "  \n\n  " },
    ]);
    const first = await run(counting, book);
    expect(first).toMatchObject({ chapters: 6, embedded: 6 });
    // Only the chapters with text reach the embedder.
    expect(counting.calls).toBe(4);
    const blank = db
      .prepare("SELECT passage_count, vec_table FROM chapters WHERE title LIKE 'IV.%'")
      .get();
    expect(blank).toEqual({ passage_count: 0, vec_table: "" });
    expect(await run(counting, book)).toMatchObject({ embedded: 0, reused: 6 });
  });

  it("writes the book's file id only after every chapter is done", async () => {
    const book = makeBook("/books/test.txt", chapters);
    let calls = 0;
    const failing: PassageEmbedder = {
      label: local.label,
      async embed(texts) {
        if (++calls === 3) throw new Error("embedding service went away");
        return local.embed(texts);
      },
    };
    await expect(run(failing, book)).rejects.toThrow(/went away/);
    const fileId = () => db.prepare("SELECT file_id FROM books").pluck().get();
    // Not the book's id: the next search sees the book as stale and finishes the job.
    expect(fileId()).not.toBe(book.id);
    const resumed = await run(local, book);
    expect(resumed).toMatchObject({ embedded: 2, reused: 2 });
    expect(fileId()).toBe(book.id);
  });

  it("two concurrent runs on two connections index the book once, without a conflict", async () => {
    const home = tempHome();
    const first = (await openIndex(home)).db;
    const second = (await openIndex(home)).db;
    try {
      const book = makeBook("/books/test.txt", chapters);
      const options = {
        bookKey: "/books/test.txt",
        embedder: local,
        bucketsOf: featureBuckets,
      };
      const [a, b] = await Promise.all([
        indexBook(first, book, options),
        indexBook(second, book, options),
      ]);
      expect(a.embedded + b.embedded).toBe(4);
      expect(first.prepare("SELECT COUNT(*) FROM chapters").pluck().get()).toBe(4);
      // Document frequencies counted once, as a single run would.
      const passages = first.prepare("SELECT COUNT(*) FROM passages").pluck().get();
      expect(first.prepare("SELECT passage_count FROM books").pluck().get()).toBe(passages);
    } finally {
      first.close();
      second.close();
    }
  });
});
