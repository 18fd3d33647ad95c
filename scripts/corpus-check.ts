/**
 * Developer aid: reads every corpus book and prints how it compares with expected/.
 * `npx tsx scripts/corpus-check.ts [filter] [--verbose]`
 */
import { join } from "node:path";
import { isLitinkError } from "../src/errors/app-error.js";
import { readBook } from "../src/ingest/index.js";
import { compareChapters, corpusDir, expectedBooks } from "../test/support/corpus.js";

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const filter = args.find((arg) => !arg.startsWith("--")) ?? "";
let passed = 0;
let total = 0;
for (const expected of expectedBooks().filter((book) => book.file.includes(filter))) {
  total++;
  const started = performance.now();
  try {
    const book = await readBook(join(corpusDir, expected.file));
    const ms = Math.round(performance.now() - started);
    if (expected.reject) {
      console.log(`FAIL ${expected.file}: accepted, expected rejection (${ms} ms)`);
      continue;
    }
    const body = book.chapters.filter((chapter) => chapter.kind === "body");
    const mismatches = compareChapters(expected.chapters, body);
    const openingsBad = mismatches.filter((m) => m.field === "startsWith");
    const ok = body.length === expected.chapterCount && openingsBad.length === 0;
    if (ok) passed++;
    const meta = `title=${JSON.stringify(book.title)} author=${JSON.stringify(book.author)} lang=${book.language}`;
    console.log(
      `${ok ? "ok  " : "FAIL"} ${expected.file}: ${body.length}/${expected.chapterCount} chapters, ${openingsBad.length} opening, ${mismatches.filter((m) => m.field === "title").length} title, ${mismatches.filter((m) => m.field === "part").length} part mismatches (${ms} ms) ${meta}`,
    );
    for (const mismatch of mismatches.slice(0, verbose ? 1000 : 6)) {
      console.log(
        `     #${mismatch.index} ${mismatch.field}: want ${JSON.stringify(mismatch.expected)}\n${" ".repeat(String(mismatch.index).length + 7)}${mismatch.field.replace(/./g, " ")}  got ${JSON.stringify(mismatch.actual)}`,
      );
    }
    if (verbose || body.length !== expected.chapterCount) {
      for (const chapter of book.chapters.slice(0, verbose ? 1000 : 200)) {
        console.log(
          `       ${chapter.kind.padEnd(5)} ${String(chapter.index ?? "-").padStart(3)} ${JSON.stringify(chapter.title).slice(0, 70)} | ${chapter.part ?? ""} | ${chapter.words}w | ${chapter.startsWith.slice(0, 60)}`,
        );
      }
    }
  } catch (error) {
    const ms = Math.round(performance.now() - started);
    if (expected.reject && isLitinkError(error) && error.exitCode === 65) {
      passed++;
      console.log(`ok   ${expected.file}: rejected (${error.name}: ${error.message}) (${ms} ms)`);
    } else {
      console.log(
        `FAIL ${expected.file}: ${isLitinkError(error) ? `${error.name} ${error.message}` : (error as Error).stack}`,
      );
    }
  }
}
console.log(`\n${passed}/${total} books pass (count + openings)`);
