// Ingest benchmark: every corpus book, median of several reads after a warm-up, run on the
// built code (dist/). Prints a table and writes bench/results/ingest.json.
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readBook } from "../dist/ingest/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(process.env.LITINK_CORPUS ?? join(here, "../../shared/corpus"));
const runs = Number(process.env.BENCH_RUNS ?? 5);

let files;
try {
  // The books with ground truth; the corpus README is not a book.
  files = readdirSync(join(corpus, "expected"))
    .map((name) => name.replace(/\.json$/, ""))
    .sort();
} catch {
  console.log(`ingest bench skipped: no corpus at ${corpus} (set LITINK_CORPUS)`);
  process.exit(0);
}

const rows = [];
for (const file of files) {
  const path = join(corpus, file);
  const bytes = statSync(path).size;
  const times = [];
  let chapters = null;
  let outcome = "ok";
  let firstMs = 0;
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    try {
      const book = await readBook(path);
      chapters = book.chapters.filter((chapter) => chapter.kind === "body").length;
    } catch (error) {
      outcome = `rejected (${error.name})`;
    }
    const elapsed = performance.now() - started;
    if (run === 0)
      firstMs = elapsed; // includes loading the format's modules (pdf.js, mammoth…)
    else times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)];
  rows.push({
    file,
    mb: bytes / 1e6,
    chapters,
    outcome,
    medianMs,
    minMs: times[0],
    firstMs,
    mbPerSecond: bytes / 1e6 / (medianMs / 1000),
  });
}

const pad = (value, width, right = false) =>
  right ? String(value).padStart(width) : String(value).padEnd(width);
console.log(
  `${pad("book", 48)} ${pad("MB", 6, true)} ${pad("chapters", 8, true)} ${pad("first ms", 9, true)} ${pad("median ms", 10, true)} ${pad("MB/s", 7, true)}`,
);
for (const row of rows) {
  console.log(
    `${pad(row.file, 48)} ${pad(row.mb.toFixed(2), 6, true)} ${pad(row.chapters ?? "rejected", 8, true)} ${pad(row.firstMs.toFixed(0), 9, true)} ${pad(row.medianMs.toFixed(0), 10, true)} ${pad(row.mbPerSecond.toFixed(2), 7, true)}`,
  );
}
const rss = process.memoryUsage().rss / 1e6;
console.log(
  `\nfirst = the first read (loads that format's modules); median of ${runs} reads after it. RSS now ${rss.toFixed(0)} MB`,
);

mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(
  join(here, "results/ingest.json"),
  `${JSON.stringify({ bench: "ingest", date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, runs, rows }, null, 2)}\n`,
);
