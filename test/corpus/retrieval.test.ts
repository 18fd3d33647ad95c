import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { readBook } from "../../src/ingest/index.js";
import type { Book } from "../../src/model/book.js";
import { featureBuckets } from "../../src/providers/local/hashed/local-hashed.js";
import { type EmbedderSetup, embedderForTier } from "../../src/rag/embedder-setup.js";
import { type IndexDb, openIndex } from "../../src/rag/index-db.js";
import { indexBook } from "../../src/rag/indexer.js";
import { type RetrieveMode, retrieve } from "../../src/rag/retrieve.js";
import { tempHome } from "../../src/rag/test-support.js";
import { corpusDir, corpusPresent, inCi } from "../support/corpus.js";

/**
 * Retrieval quality on real books (issue 4, "Done when"): perturbed 8–12-word spans must
 * find their chapter in the top 5 with the offline embedder, and character names must come
 * back in passages that contain them, with hybrid retrieval at least as good as vectors alone.
 */
const BOOKS = {
  war: "war_and_peace_pg2600.txt",
  pride: "pride_and_prejudice_pg1342_illustrated.txt",
} as const;
const SPANS_PER_BOOK = 60;

/** mulberry32: a small seeded PRNG, so the spans are the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Span {
  chapterIndex: number;
  query: string;
}

/** Random spans of body text, lower-cased with one word dropped. */
function spansOf(book: Book, count: number, random: () => number): Span[] {
  const body = book.chapters.filter((chapter) => chapter.index !== null && chapter.words >= 40);
  const spans: Span[] = [];
  while (spans.length < count) {
    const chapter = body[Math.floor(random() * body.length)];
    if (!chapter || chapter.index === null) continue;
    const words = chapter.text.split(/\s+/).filter(Boolean);
    const length = 8 + Math.floor(random() * 5);
    const start = Math.floor(random() * (words.length - length));
    const span = words.slice(start, start + length);
    span.splice(1 + Math.floor(random() * (length - 1)), 1);
    spans.push({ chapterIndex: chapter.index, query: span.join(" ").toLowerCase() });
  }
  return spans;
}

const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

if (!corpusPresent) {
  describe("retrieval quality", () => {
    if (inCi) {
      it("has its corpus in CI", () => {
        throw new Error(`CI=true but the corpus is missing at ${corpusDir} (set LITINK_CORPUS)`);
      });
    } else {
      it.skip(`corpus not found at ${corpusDir}: set LITINK_CORPUS to run the retrieval tests`, () => {});
    }
  });
} else {
  describe("retrieval quality (local embedder)", () => {
    const books: Record<keyof typeof BOOKS, Book | undefined> = {
      war: undefined,
      pride: undefined,
    };
    let db: IndexDb;
    // The production path: the local tier's embedder and query embedder, as `litink search`
    // (searchWithSetup) uses them, not a weighting of this test's own.
    let setup: EmbedderSetup;
    beforeAll(async () => {
      const home = tempHome();
      db = (await openIndex(home)).db;
      const env = { LITINK_HOME: home };
      setup = await embedderForTier({
        tier: "local",
        loaded: await loadConfig({ cwd: home, env }),
        env,
      });
      for (const key of Object.keys(BOOKS) as Array<keyof typeof BOOKS>) {
        const book = await readBook(join(corpusDir, BOOKS[key]));
        books[key] = book;
        await indexBook(db, book, {
          bookKey: key,
          embedder: setup.embedder,
          accepts: setup.accepts,
          bucketsOf: featureBuckets,
        });
      }
    }, 120_000);
    afterAll(() => {
      setup?.close();
      db?.close();
    });

    const search = (key: string, query: string, mode: RetrieveMode, k: number) =>
      retrieve(db, key, query, { k, mode, embedQuery: setup.queryEmbedder(db, key) });

    it(`finds the source chapter of perturbed spans in the top 5 (${SPANS_PER_BOOK} per book)`, async () => {
      const random = prng(20261127);
      const hits = { hybrid: 0, vector: 0 };
      let total = 0;
      for (const key of Object.keys(BOOKS) as Array<keyof typeof BOOKS>) {
        for (const span of spansOf(books[key] as Book, SPANS_PER_BOOK, random)) {
          total++;
          for (const mode of ["hybrid", "vector"] as const) {
            const results = await search(key, span.query, mode, 5);
            if (results.some((passage) => passage.chapterIndex === span.chapterIndex)) hits[mode]++;
          }
        }
      }
      const rate = (hits: number) => `${((100 * hits) / total).toFixed(1)}%`;
      process.stdout.write(
        `span retrieval, ${total} queries: hybrid ${rate(hits.hybrid)}, vector-only ${rate(hits.vector)}\n`,
      );
      expect(total).toBeGreaterThanOrEqual(100);
      expect(hits.hybrid / total).toBeGreaterThanOrEqual(0.95);
      expect(hits.hybrid).toBeGreaterThanOrEqual(hits.vector);
    });

    it("returns passages that contain a character's name, hybrid more precisely than vectors alone", async () => {
      const queries: Array<[keyof typeof BOOKS, string, string]> = [
        ["war", "Natasha", "natasha"],
        ["war", "Pierre", "pierre"],
        ["war", "Dolokhov", "dolokhov"],
        ["war", "Kutuzov", "kutuzov"],
        ["war", "Prince Andrew", "andrew"],
        ["war", "Denisov", "denisov"],
        ["pride", "Mr. Darcy", "darcy"],
        ["pride", "Wickham", "wickham"],
        ["pride", "Lady Catherine", "catherine"],
        ["pride", "Mr. Collins", "collins"],
        ["pride", "Charlotte Lucas", "charlotte"],
        ["pride", "Bingley", "bingley"],
      ];
      const K = 10;
      const precision = { hybrid: 0, vector: 0 };
      for (const [key, query, name] of queries) {
        for (const mode of ["hybrid", "vector"] as const) {
          const results = await search(key, query, mode, K);
          const containing = results.filter((passage) => fold(passage.text).includes(name)).length;
          precision[mode] += containing / K / queries.length;
          if (mode === "hybrid")
            expect(containing, `${query}: hybrid`).toBeGreaterThanOrEqual(K - 1);
        }
      }
      process.stdout.write(
        `name queries, precision@${K}: hybrid ${precision.hybrid.toFixed(3)}, vector-only ${precision.vector.toFixed(3)}\n`,
      );
      expect(precision.hybrid).toBeGreaterThan(precision.vector);
    });
  });
}
