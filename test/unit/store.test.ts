import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isLitinkError } from "../../src/errors/app-error.js";
import type { Book } from "../../src/ingest/types.js";
import { loadBook, saveBook } from "../../src/store/books.js";
import { openStore, schemaVersion } from "../../src/store/db.js";
import { migrations } from "../../src/store/migrations/index.js";

const book: Book = {
  id: "a".repeat(64),
  title: "A Book",
  author: "An Author",
  language: "en",
  format: "txt",
  warnings: ["one warning"],
  source: { path: "book.txt", bytes: 42 },
  chapters: [
    {
      index: null,
      id: "f".repeat(64),
      title: "Contents",
      part: null,
      kind: "front",
      text: "I. One",
      words: 2,
      startsWith: "I. One",
    },
    {
      index: 1,
      id: "b".repeat(64),
      title: "Chapter I",
      part: "Part One",
      kind: "body",
      text: "It begins.",
      words: 2,
      startsWith: "It begins.",
    },
  ],
};

describe("store", () => {
  it("creates litink.db in WAL mode with every migration applied", async () => {
    const home = join(mkdtempSync(join(tmpdir(), "litink-store-")), "state");
    const db = await openStore(home);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    db.close();
    const again = await openStore(home); // reopening applies nothing twice
    expect(again.prepare("SELECT COUNT(*) AS n FROM schema_migrations").get()).toEqual({
      n: migrations.length,
    });
    again.close();
  });

  it("round-trips a book and replaces its chapters on re-save", async () => {
    const db = await openStore(mkdtempSync(join(tmpdir(), "litink-store-")));
    saveBook(db, book, 1);
    expect(loadBook(db, book.id, 1, "book.txt")).toEqual(book);
    saveBook(db, { ...book, chapters: book.chapters.slice(1) }, 1);
    expect(loadBook(db, book.id, 1, "book.txt")?.chapters).toHaveLength(1);
    expect(loadBook(db, book.id, 2, "book.txt")).toBeNull(); // another reader version re-reads
    db.close();
  });

  it("refuses a database written by a newer litink instead of guessing", async () => {
    const home = mkdtempSync(join(tmpdir(), "litink-store-"));
    const newer = [
      ...migrations,
      { version: 999, name: "future", sql: "CREATE TABLE future (x INTEGER)" },
    ];
    (await openStore(home, newer)).close();
    const error = await openStore(home).catch((caught: unknown) => caught);
    expect(isLitinkError(error) && error.message).toContain("newer litink");
  });
});
