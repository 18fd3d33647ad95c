import { countWords } from "../chapters.js";
import type { Candidate } from "./heading-candidates.js";

/**
 * Contents lists printed one entry per paragraph: runs of chapter headings with (almost)
 * nothing between them. Such a run is a contents list when its entries come back elsewhere
 * in the book (the same chapter number or title outside the run), or when most of them have
 * no words at all under them. Very short real chapters (a seven-word chapter) have words
 * under them and are not printed twice, so they stay.
 */

/** A chapter with fewer words than this before the next heading may be a contents entry. */
const CONTENTS_ENTRY_WORDS = 12;

/**
 * `candidates` minus the contents runs among them; `everyCandidate` (also weak ones) is what
 * the entries may come back as. Part headings inside a run go too, but not one that closes
 * it: that one heads the body.
 */
export function dropContents(
  candidates: Candidate[],
  paragraphs: string[],
  everyCandidate: Candidate[],
): Candidate[] {
  const words = candidates.map((candidate, position) =>
    candidate.level === "chapter"
      ? wordsUnder(
          candidate.index,
          candidates[position + 1]?.index ?? paragraphs.length,
          paragraphs,
        )
      : Number.POSITIVE_INFINITY,
  );
  const contents = new Set<number>();
  let runStart = -1;
  let lastTiny = -1;
  const closeRun = () => {
    // Every chapter in the run is tiny: a chapter with more words would have closed it.
    const run = candidates.slice(runStart, lastTiny + 1);
    const chapters = run.filter((candidate) => candidate.level === "chapter").length;
    const empty = words.slice(runStart, lastTiny + 1).filter((count) => count === 0).length;
    if (chapters >= 2 && (empty * 2 >= chapters || comesBack(run, everyCandidate)))
      for (let position = runStart; position <= lastTiny; position++) contents.add(position);
    runStart = -1;
  };
  candidates.forEach((candidate, position) => {
    if (candidate.level === "part") return;
    if ((words[position] ?? 0) < CONTENTS_ENTRY_WORDS) {
      if (runStart < 0) runStart = firstPartBefore(candidates, position);
      lastTiny = position;
    } else if (runStart >= 0) closeRun();
  });
  if (runStart >= 0) closeRun();
  return candidates.filter((_candidate, position) => !contents.has(position));
}

/** Words between a heading and the next one, counting no further than the entry limit. */
function wordsUnder(index: number, end: number, paragraphs: string[]): number {
  let words = 0;
  for (let next = index + 1; next < end && words < CONTENTS_ENTRY_WORDS; next++) {
    words += countWords(paragraphs[next] ?? "");
  }
  return words;
}

/** Whether any chapter entry of the run is printed again outside it. */
function comesBack(run: Candidate[], everyCandidate: Candidate[]): boolean {
  const first = run[0]?.index ?? 0;
  const last = run[run.length - 1]?.index ?? 0;
  const elsewhere = new Set(
    everyCandidate
      .filter((candidate) => candidate.index < first || candidate.index > last)
      .map(entryKey),
  );
  return run.some(
    (candidate) => candidate.level === "chapter" && elsewhere.has(entryKey(candidate)),
  );
}

/** Chapter I and CHAPTER ONE are the same entry; unnumbered headings compare by title. */
function entryKey(candidate: Candidate): string {
  const name = candidate.number ?? candidate.title.toLowerCase().replace(/\s+/g, " ");
  return `${candidate.level}:${name}`;
}

/** A contents run begins at the part headings directly before its first entry. */
function firstPartBefore(candidates: Candidate[], position: number): number {
  let start = position;
  while (start > 0 && candidates[start - 1]?.level === "part") start--;
  return start;
}
