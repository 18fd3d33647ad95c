import { centrality } from "./condense.js";
import { countWords, splitSentences } from "./text.js";

/**
 * Dialogue condensed to a word budget without breaking the conversation. First every turn
 * stays and long turns are shortened to their first sentences (never mid-sentence), so the
 * alternation of speakers survives. When even one sentence per turn is too long, whole
 * exchanges — runs of consecutive turns — are kept, the most central runs first, so a reply
 * keeps the line it answers.
 */

export interface Turn {
  text: string;
  speaker: string | null;
}

export interface KeptTurn {
  /** Position of the turn in the input. */
  index: number;
  /** The turn's text, possibly shortened to its first sentences. */
  text: string;
}

/** How many turns an exchange holds at most. */
const RUN_LENGTH = 4;

export function condenseDialogue(turns: readonly Turn[], budgetWords: number): KeptTurn[] {
  const sentences = turns.map((turn) => splitSentences(turn.text));
  const total = turns.reduce((sum, turn) => sum + countWords(turn.text), 0);
  if (total <= budgetWords) return turns.map((turn, index) => ({ index, text: turn.text }));
  if (budgetWords <= 0 || turns.length === 0) return [];
  // Largest per-turn cap (in words) under which every turn fits: each turn keeps its first
  // sentence always, then more sentences while under the cap.
  const firstOnly = sentences.reduce((sum, list) => sum + countWords(list[0] ?? ""), 0);
  if (firstOnly <= budgetWords) {
    let low = 0;
    let high = Math.max(...turns.map((turn) => countWords(turn.text)));
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (cappedTotal(sentences, middle) <= budgetWords) low = middle;
      else high = middle - 1;
    }
    return sentences.map((list, index) => ({ index, text: capped(list, low) }));
  }
  return exchanges(turns, sentences, budgetWords);
}

function capped(sentences: readonly string[], cap: number): string {
  const kept: string[] = [];
  let words = 0;
  for (const sentence of sentences) {
    const size = countWords(sentence);
    if (kept.length > 0 && words + size > cap) break;
    kept.push(sentence);
    words += size;
  }
  return kept.join(" ");
}

function cappedTotal(sentences: ReadonlyArray<readonly string[]>, cap: number): number {
  return sentences.reduce((sum, list) => sum + countWords(capped(list, cap)), 0);
}

/**
 * Runs of consecutive turns (first sentence each), ranked by the mean centrality of their
 * turns, taken until the budget is met and given back in order.
 */
function exchanges(
  turns: readonly Turn[],
  sentences: ReadonlyArray<readonly string[]>,
  budgetWords: number,
): KeptTurn[] {
  const scores = centrality(turns.map((turn) => turn.text));
  const short = sentences.map((list) => list[0] ?? "");
  const runs: Array<{ start: number; end: number; score: number; words: number }> = [];
  for (let start = 0; start < turns.length; start++) {
    const end = Math.min(turns.length, start + RUN_LENGTH);
    let score = 0;
    let words = 0;
    for (let index = start; index < end; index++) {
      score += scores[index] ?? 0;
      words += countWords(short[index]!);
    }
    runs.push({ start, end, score: score / (end - start), words });
  }
  runs.sort((left, right) => right.score - left.score || left.start - right.start);
  const kept = new Set<number>();
  let used = 0;
  for (const run of runs) {
    if (used >= budgetWords) break;
    for (let index = run.start; index < run.end; index++) {
      if (kept.has(index)) continue;
      const size = countWords(short[index]!);
      // A run is cut where the budget ends, but never before its second turn: a lone line
      // is no exchange.
      if (used + size > budgetWords && index > run.start + 1) break;
      kept.add(index);
      used += size;
    }
  }
  return [...kept]
    .sort((left, right) => left - right)
    .map((index) => ({ index, text: short[index]! }));
}
