import type { Candidate } from "./heading-candidates.js";

/**
 * Bare numerals ("II", "3.", "I. A SCANDAL IN BOHEMIA") are headings only when they count
 * 1, 2, 3…; a part heading may restart the count or let it run on (Treasure Island numbers its
 * chapters through all six parts). Numerals with a title outrank bare ones: in a collection of
 * stories numbered "I. A SCANDAL IN BOHEMIA" … "XII. …", a bare "II." inside a story is a
 * section of it, not a chapter.
 */
export function countingUp(candidates: Candidate[]): Candidate[] {
  const titled = candidates.filter(
    (candidate) =>
      candidate.level === "part" || candidate.strength === "strong" || !candidate.numberOnly,
  );
  const fromTitled = inSequence(titled);
  if (chapterCount(fromTitled) >= 2) return fromTitled;
  const kept = inSequence(candidates);
  return chapterCount(kept) >= 2 ? kept : kept.filter((candidate) => candidate.level === "part");
}

function inSequence(candidates: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  let expected = 1;
  let afterPart = false;
  for (const candidate of candidates) {
    if (candidate.level === "part") {
      kept.push(candidate);
      afterPart = true;
    } else if (
      candidate.strength === "strong" ||
      candidate.number === expected ||
      (afterPart && candidate.number === 1)
    ) {
      kept.push(candidate);
      expected = (candidate.number ?? expected) + 1;
      afterPart = false;
    }
  }
  return kept;
}

function chapterCount(candidates: Candidate[]): number {
  return candidates.filter((candidate) => candidate.level === "chapter").length;
}

/**
 * A contents list that names the parts ("PART ONE" … "PART SIX", then the body's
 * "PART ONE--The Old Buccaneer") leaves each part heading empty, another part heading
 * straight after it, and repeats it later: the empty copy is the contents entry. Books
 * that restart part numbers inside volumes ("BOOK FIRST" under each VOLUME) have chapters
 * under every copy and keep them all.
 */
export function dropRepeatedParts(candidates: Candidate[]): Candidate[] {
  const dropped = new Set<Candidate>();
  candidates.forEach((candidate, position) => {
    if (candidate.level !== "part" || candidate.number === null) return;
    if (candidates[position + 1]?.level !== "part") return;
    const key = partKey(candidate);
    const repeated = candidates
      .slice(position + 1)
      .some((later) => later.level === "part" && partKey(later) === key);
    if (repeated) dropped.add(candidate);
  });
  return candidates.filter((candidate) => !dropped.has(candidate));
}

function partKey(candidate: Candidate): string {
  const word = candidate.title.match(/\p{L}+/u)?.[0]?.toLowerCase() ?? "";
  return `${word} ${candidate.number}`;
}
