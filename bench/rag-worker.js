// One benchmark step in its own process, so peak RSS is that step's alone.
// Usage: node bench/rag-worker.js <index|queries> <book> <home> [count]
import { loadConfig } from "../dist/config/load.js";
import { readBook } from "../dist/ingest/index.js";
import { bookKeyOf } from "../dist/rag/book-index.js";
import { indexWithSetup } from "../dist/rag/command-support.js";
import { embedderForTier } from "../dist/rag/embedder-setup.js";
import { openIndex } from "../dist/rag/index-db.js";
import { retrieve } from "../dist/rag/retrieve.js";

const [step, book, home, count = "200"] = process.argv.slice(2);
const env = { ...process.env, LITINK_HOME: home };
const loaded = await loadConfig({ cwd: home, env });
const events = { emit() {} };
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

if (step === "index") {
  const started = performance.now();
  const stats = await indexWithSetup(book, { flags: { offline: true }, loaded, env, events });
  const ms = performance.now() - started;
  console.log(
    JSON.stringify({
      ms,
      passages: stats.passages,
      embedded: stats.embedded,
      reused: stats.reused,
      maxRssMb: maxRssMb(),
    }),
  );
} else {
  // Queries: 8-word spans of the book's own text, a seeded choice, timed one by one.
  const parsed = await readBook(book);
  const body = parsed.chapters.filter((chapter) => chapter.kind === "body");
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const queries = Array.from({ length: Number(count) }, () => {
    const words = body[Math.floor(random() * body.length)].text.split(/\s+/);
    const at = Math.floor(random() * Math.max(1, words.length - 8));
    return words.slice(at, at + 8).join(" ");
  });
  const { db } = await openIndex(home);
  const setup = await embedderForTier({ tier: "local", loaded, env, events, taskId: "bench" });
  const embedQuery = setup.queryEmbedder(db, bookKeyOf(book));
  await retrieve(db, bookKeyOf(book), queries[0], { k: 5, embedQuery }); // warm-up
  const times = [];
  for (const query of queries) {
    const started = performance.now();
    await retrieve(db, bookKeyOf(book), query, { k: 5, embedQuery });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  console.log(
    JSON.stringify({
      queries: times.length,
      p50: at(0.5),
      p95: at(0.95),
      max: times.at(-1),
      maxRssMb: maxRssMb(),
    }),
  );
  setup.close();
  db.close();
}
