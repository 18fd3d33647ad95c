import type { Book } from "../../model/book.js";
import type { Character } from "../schema.js";
import type { CharacterCandidate } from "../writer.js";
import { countForms, type FormCount, lowerCaseCounts } from "./form-counts.js";
import { CHILD_WORDS, OLD_WORDS, titleGender } from "./lexicon.js";
import { type FormGroup, mergeForms } from "./merge-forms.js";
import { cleanForm, compromiseForms, PLACE_WORDS, patternForms } from "./name-forms.js";
import { refineCandidates } from "./refine-candidates.js";
import { storyText } from "./scenes.js";
import { countSpeaking } from "./speaking.js";

/**
 * The offline character finder: name forms over the whole book (every body chapter), counted,
 * merged into one person per character, with gender and age from titles and nearby words and
 * how often each one is the tagged speaker of a quote. Most mentioned first.
 */
export async function findCharacters(book: Book): Promise<CharacterCandidate[]> {
  const chapters = book.chapters
    .filter((chapter) => chapter.kind === "body" && chapter.index !== null)
    .map((chapter) => ({ index: chapter.index!, text: storyText(chapter.text) }));
  const texts = chapters.map((chapter) => chapter.text);
  const english = book.language === null || /^en\b/i.test(book.language);
  const found = english ? await compromiseForms(texts) : { people: [], places: new Set<string>() };
  const raw = [...found.people, ...texts.flatMap(patternForms)];
  const forms = [...new Set(raw.map(cleanForm).filter((form): form is string => form !== null))]
    .filter((form) => !found.places.has(form))
    .sort();
  const counts = countForms(chapters, forms);
  const lower = lowerCaseCounts(texts);
  for (const [key, entry] of counts) {
    if (!isPlausible(entry, lower)) counts.delete(key);
  }
  const baseline = femaleShare(texts);
  const groups = mergeForms(counts, (form) => genderOf([form], baseline));
  const speaking = countSpeaking(chapters, groups);
  const candidates = groups.map((group, position) =>
    toCandidate(group, speaking[position] ?? 0, baseline),
  );
  return refineCandidates(
    candidates.filter((candidate) => candidate.mentions >= 3 || candidate.speaking >= 1),
    texts,
  ).sort(
    (left, right) =>
      right.mentions - left.mentions ||
      right.speaking - left.speaking ||
      left.name.localeCompare(right.name),
  );
}

function isPlausible(entry: FormCount, lower: ReadonlyMap<string, number>): boolean {
  if (entry.count === 0) return false;
  if (entry.form.includes(" ")) return true;
  // "Baker" of "Baker Street" is a place's name, not a person's.
  const beforePlace = entry.samples.filter((sample) =>
    PLACE_WORDS.test(
      /^\s+(\p{Lu}\p{L}*)/u.exec(sample.text.slice(sample.end, sample.end + 20))?.[1] ?? "",
    ),
  ).length;
  if (beforePlace * 2 > entry.samples.length) return false;
  // A lone capitalised word must appear mid-sentence and mostly capitalised ("Well" fails).
  const lowerCount = lower.get(entry.form.toLowerCase()) ?? 0;
  return entry.midSentence >= 1 && lowerCount < entry.count;
}

function toCandidate(group: FormGroup, speaking: number, baseline: number): CharacterCandidate {
  const ranked = [...group.forms].sort(
    (left, right) => right.count - left.count || left.form.localeCompare(right.form),
  );
  const name = ranked[0]!.form.replace(/^the\s+/, "");
  const withArticle = ranked[0]!.withArticle * 2 > ranked[0]!.count;
  const forms = ranked.map((entry) => entry.form.replace(/^the\s+/, ""));
  if (withArticle) forms.push(`the ${name}`);
  const aliases = [...new Set(forms)].filter((form) => form !== name);
  const firstChapter = group.forms.reduce<number | null>(
    (first, entry) =>
      entry.firstChapter === null
        ? first
        : Math.min(first ?? entry.firstChapter, entry.firstChapter),
    null,
  );
  const gender = genderOf(group.forms, baseline);
  return {
    name,
    aliases,
    mentions: group.count,
    speaking,
    firstChapter,
    gender,
    age: ageOf(group.forms, gender),
  };
}

/**
 * Titles decide when there are any. Otherwise the pronouns around the name, measured against
 * the book's own balance: in a novel told around one man, "he" is everywhere, so a woman shows
 * as clearly more "she" near her name than the book has on average.
 */
function genderOf(forms: readonly FormCount[], baseline: number): Character["gender"] {
  let male = 0;
  let female = 0;
  let titled = 0;
  for (const entry of forms) {
    const title = titleGender(entry.form.replace(/^the\s+/, "").split(" ")[0] ?? "");
    if (title === "male") titled += entry.count;
    if (title === "female") titled -= entry.count;
    for (const sample of entry.samples) {
      const counts = pronouns(nearAfter(sample.text, sample.end));
      male += counts.male;
      female += counts.female;
    }
  }
  if (titled !== 0) return titled > 0 ? "male" : "female";
  const votes = male + female;
  if (votes < 4) return "unknown";
  const share = female / votes;
  if (share >= Math.max(0.5, baseline + 0.1)) return "female";
  if (share <= Math.min(0.5, baseline - 0.1)) return "male";
  return "unknown";
}

/** Female pronouns' share of all personal pronouns in the texts (0.5 when there are none). */
export function femaleShare(texts: readonly string[]): number {
  let male = 0;
  let female = 0;
  for (const text of texts) {
    const counts = pronouns(text);
    male += counts.male;
    female += counts.female;
  }
  return male + female === 0 ? 0.5 : female / (male + female);
}

function pronouns(text: string): { male: number; female: number } {
  const male = text.match(/\b(?:he|him|his|himself)\b/gi)?.length ?? 0;
  const female = text.match(/\b(?:she|her|hers|herself)\b/gi)?.length ?? 0;
  return { male, female };
}

function ageOf(forms: readonly FormCount[], gender: Character["gender"]): Character["age"] {
  let child = 0;
  let old = 0;
  let samples = 0;
  for (const entry of forms) {
    for (const sample of entry.samples) {
      samples++;
      const window = sample.text.slice(Math.max(0, sample.start - 60), sample.end + 60);
      if (CHILD_WORDS.test(window)) child++;
      if (OLD_WORDS.test(window)) old++;
    }
  }
  if (child >= 2 && child >= samples * 0.15 && child > old) return "child";
  if (old >= 2 && old >= samples * 0.15) return "old";
  return gender === "unknown" ? "unknown" : "adult";
}

function nearAfter(text: string, end: number): string {
  const rest = text.slice(end, end + 200);
  const stop = /[.!?]["”’']?\s+/u.exec(rest);
  if (!stop) return rest;
  const next = rest
    .slice(stop.index + stop[0].length)
    .split(/\s+/)
    .slice(0, 4)
    .join(" ");
  return `${rest.slice(0, stop.index)} ${next}`;
}
