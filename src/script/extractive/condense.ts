import { countWords, terms } from "./text.js";

/**
 * Extractive condensation: score each sentence by how central it is to its scene (the sum of
 * its TF-IDF cosine similarity to the other sentences, TextRank's first step without the
 * iteration), take the most central ones until the word budget is met, and give them back in
 * their original order. Only the scene's own sentences are used, so the choice in one scene
 * never depends on another.
 */

export interface Scored {
  index: number;
  words: number;
  score: number;
}

export function centrality(sentences: readonly string[]): number[] {
  const bags = sentences.map((sentence) => termCounts(terms(sentence)));
  const documentFrequency = new Map<string, number>();
  for (const bag of bags) {
    for (const term of bag.keys())
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const vectors = bags.map((bag) => {
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of bag) {
      const weight = count * Math.log(1 + sentences.length / (documentFrequency.get(term) ?? 1));
      vector.set(term, weight);
      norm += weight * weight;
    }
    return { vector, norm: Math.sqrt(norm) };
  });
  return vectors.map((left, leftIndex) => {
    let total = 0;
    vectors.forEach((right, rightIndex) => {
      if (rightIndex === leftIndex || left.norm === 0 || right.norm === 0) return;
      let dot = 0;
      for (const [term, weight] of left.vector) dot += weight * (right.vector.get(term) ?? 0);
      total += dot / (left.norm * right.norm);
    });
    return total;
  });
}

function termCounts(list: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of list) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/**
 * Indexes of the sentences to keep (ascending). Greedy by centrality: a sentence that would
 * overshoot the budget by more than the tolerance is skipped for a shorter one further down.
 */
export function selectCentral(
  sentences: readonly string[],
  budgetWords: number,
  tolerance = 0.15,
): number[] {
  if (sentences.length === 0 || budgetWords <= 0) return [];
  const scores = centrality(sentences);
  const ranked: Scored[] = sentences
    .map((sentence, index) => ({ index, words: countWords(sentence), score: scores[index] ?? 0 }))
    // Ties go to the earlier sentence, so the order is total and the result deterministic.
    .sort((left, right) => right.score - left.score || left.index - right.index);
  const ceiling = budgetWords * (1 + tolerance);
  const chosen: number[] = [];
  let total = 0;
  for (const candidate of ranked) {
    if (total >= budgetWords * (1 - tolerance) && total + candidate.words > budgetWords) break;
    if (total + candidate.words > ceiling && chosen.length > 0) continue;
    chosen.push(candidate.index);
    total += candidate.words;
    if (total >= budgetWords) break;
  }
  return chosen.sort((left, right) => left - right);
}
