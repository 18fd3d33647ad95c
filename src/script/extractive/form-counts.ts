import { formPattern } from "./name-forms.js";

/**
 * How often each name form occurs in the body chapters, where first, and a sample of places
 * (for gender and age cues). One regex with the longest forms first, so "Mrs. Bennet" is
 * counted once and not also as "Bennet".
 */

export interface Occurrence {
  chapter: number;
  text: string;
  start: number;
  end: number;
}

export interface FormCount {
  form: string;
  count: number;
  /** Occurrences not at the start of a sentence (a capitalised word there proves nothing). */
  midSentence: number;
  /** Occurrences after "the" ("the Hatter"): the article belongs to how the book names it. */
  withArticle: number;
  firstChapter: number | null;
  samples: Occurrence[];
}

const SAMPLE_LIMIT = 60;

/** Lower-case, no full stops, no leading article: "The Hatter" and "the Hatter" are one form. */
export function formKey(form: string): string {
  return form
    .toLowerCase()
    .replace(/\./g, "")
    .replace(/^the\s+/, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function countForms(
  chapters: ReadonlyArray<{ index: number; text: string }>,
  forms: readonly string[],
): Map<string, FormCount> {
  const byKey = new Map<string, FormCount>();
  for (const form of forms) {
    const key = formKey(form);
    if (!byKey.has(key)) {
      byKey.set(key, {
        form,
        count: 0,
        midSentence: 0,
        withArticle: 0,
        firstChapter: null,
        samples: [],
      });
    }
  }
  if (byKey.size === 0) return byKey;
  const ordered = [...byKey.values()]
    .map((entry) => entry.form)
    .sort((left, right) => right.length - left.length || left.localeCompare(right));
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${ordered.map(formPattern).join("|")})(?![\\p{L}\\p{N}])`,
    "gu",
  );
  for (const chapter of chapters) {
    for (const match of chapter.text.matchAll(pattern)) {
      const entry = byKey.get(formKey(match[0]));
      if (!entry) continue;
      const start = match.index ?? 0;
      entry.count++;
      entry.firstChapter ??= chapter.index;
      if (!startsSentence(chapter.text, start)) entry.midSentence++;
      const before = chapter.text.slice(Math.max(0, start - 5), start);
      if (/^the\s/i.test(match[0]) || /\bthe\s+$/i.test(before)) entry.withArticle++;
      if (entry.samples.length < SAMPLE_LIMIT) {
        entry.samples.push({
          chapter: chapter.index,
          text: chapter.text,
          start,
          end: start + match[0].length,
        });
      }
    }
  }
  return byKey;
}

function startsSentence(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 6), start).replace(/[\s“"‘'«„([—–-]+$/u, "");
  return before === "" || /[.!?…:]$/u.test(before) || start < 3;
}

/** Lower-case word counts of the whole text: a word that is mostly lower-case is no name. */
export function lowerCaseCounts(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const match of text.matchAll(/(?<![\p{L}])\p{Ll}[\p{L}'’-]*/gu)) {
      counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
    }
  }
  return counts;
}
