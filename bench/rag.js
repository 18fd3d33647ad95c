// RAG index benchmark (local embedder): index War and Peace from scratch, re-index it
// unchanged, and time 200 hybrid queries. Each step runs in its own process for peak RSS.
// Prints a table and writes bench/results/rag.json.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(process.env.LITINK_CORPUS ?? join(here, "../../shared/corpus"));
const book = join(corpus, "war_and_peace_pg2600.txt");
if (!existsSync(book)) {
  console.log(`rag bench skipped: no corpus at ${corpus} (set LITINK_CORPUS)`);
  process.exit(0);
}

const home = mkdtempSync(join(tmpdir(), "litink-rag-bench-"));
const step = (...args) =>
  JSON.parse(
    execFileSync(process.execPath, [join(here, "rag-worker.js"), ...args], { encoding: "utf8" }),
  );
try {
  const cold = step("index", book, home);
  const warm = step("index", book, home);
  const queries = step("queries", book, home, "200");
  const rows = [
    [
      "index War and Peace (read + chunk + embed + write)",
      `${(cold.ms / 1000).toFixed(2)} s`,
      "≤ 15 s",
      `${cold.maxRssMb.toFixed(0)} MB`,
      "≤ 500 MB",
    ],
    [
      "re-index unchanged (read + compare)",
      `${(warm.ms / 1000).toFixed(2)} s`,
      "≤ 1 s",
      `${warm.maxRssMb.toFixed(0)} MB`,
      "",
    ],
    [
      "query p50 / p95 (200 hybrid queries)",
      `${queries.p50.toFixed(1)} / ${queries.p95.toFixed(1)} ms`,
      "p95 ≤ 20 ms",
      `${queries.maxRssMb.toFixed(0)} MB`,
      "",
    ],
  ];
  console.log(
    `${"step".padEnd(52)} ${"time".padStart(16)} ${"target".padStart(12)} ${"peak RSS".padStart(9)}`,
  );
  for (const [name, time, target, rss] of rows) {
    console.log(
      `${name.padEnd(52)} ${time.padStart(16)} ${target.padStart(12)} ${rss.padStart(9)}`,
    );
  }
  console.log(
    `\n${cold.passages} passages; re-index embedded ${warm.embedded} chapters, reused ${warm.reused}`,
  );
  mkdirSync(join(here, "results"), { recursive: true });
  writeFileSync(
    join(here, "results/rag.json"),
    `${JSON.stringify({ bench: "rag", date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, book: "war_and_peace_pg2600.txt", cold, warm, queries }, null, 2)}\n`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
