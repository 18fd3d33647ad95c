import { NOT_NAMES, SPEECH_VERB_PATTERN, TITLE_PATTERN, TITLES } from "./lexicon.js";

/**
 * Name forms: the strings by which a book names its people. They come from compromise's
 * person finder (English) and from patterns that hold in any English novel: a title before a
 * capitalised word ("Mrs. Bennet", "Lady Catherine") and "the X" with a speech verb ("said the
 * Hatter", "the March Hare said").
 */

/** Last words that make a capitalised phrase a place ("Lucas Lodge", "Netherfield Park"). */
export const PLACE_WORDS =
  /^(?:Park|Hall|House|Lodge|Street|Square|Road|Lane|Court|Place|Castle|Abbey|Manor|Cottage|Farm|Church|Hill|Wood|Woods|Forest|River|Bridge|Inn|Hotel|Gardens?|Station|Palace|Tower|Cathedral|College|Avenue|Terrace|Green|Common|Heath|Moor|Bay|Island|Lake|Valley|Village|Town|City|County|Shire)$/;

const TITLE_GROUP = TITLES.join("|");
const NAME_WORD = "\\p{Lu}[\\p{L}'’-]*";
const TITLED = new RegExp(
  `\\b${TITLE_PATTERN}\\s+${NAME_WORD}(?:\\s+(?:de\\s+|van\\s+|von\\s+)?${NAME_WORD})?`,
  "gu",
);
const THE_SPEAKER_AFTER = new RegExp(
  `\\b(?:${SPEECH_VERB_PATTERN})\\s+the\\s+(${NAME_WORD}(?:\\s+${NAME_WORD})?)`,
  "gu",
);
const THE_SPEAKER_BEFORE = new RegExp(
  `\\bthe\\s+(${NAME_WORD}(?:\\s+${NAME_WORD})?)\\s+(?:${SPEECH_VERB_PATTERN})\\b`,
  "gu",
);

export const OPENERS = new Set(
  (
    "And But So Or Nor For Yet Then If As At In On Of To By With From Said Cried Asked Replied " +
    "Let Ask Tell Poor Dear Old Little Young Only Even Just Still Though Although While After " +
    "Before Since Until Unless Because Perhaps Suddenly Presently Meanwhile Besides Again"
  ).split(" "),
);

/** "said Alice", "Alice said": a capitalised speaker without an article. */
const NAMED_SPEAKER_AFTER = new RegExp(
  `\\b(?:${SPEECH_VERB_PATTERN})\\s+(?!the\\b)(${NAME_WORD}(?:\\s+${NAME_WORD})?)`,
  "gu",
);
const NAMED_SPEAKER_BEFORE = new RegExp(
  `(?<![\\p{L}])(${NAME_WORD}(?:\\s+${NAME_WORD})?)\\s+(?:\\p{Ll}+ly\\s+)?(?:${SPEECH_VERB_PATTERN})\\b`,
  "gu",
);

/** "Mrs Bennet’s," → "Mrs. Bennet"; null when nothing name-like is left. */
export function cleanForm(raw: string): string | null {
  let form = raw
    .replace(/-{2,}/g, " ")
    .replace(/[^\p{L}.'’\- ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.'’-]+$/u, "")
    .replace(/[’']s$/u, "")
    // "DARCY" in a heading is "Darcy" in the prose.
    .replace(/\b\p{Lu}{2,}\b/gu, (word) => word[0] + word.slice(1).toLowerCase());
  // A full stop inside a form ("Mrs. Long. But") ends it, except after a title.
  const cut = new RegExp(`^(?:(?:${TITLE_GROUP})\\.\\s)?[^.]*`, "u").exec(form)?.[0] ?? form;
  form = cut.trim();
  const titleMatch = new RegExp(`^(${TITLE_GROUP})\\.?\\s`, "u").exec(form);
  if (titleMatch) {
    const title = titleMatch[1]!;
    const dotted = ["Mr", "Mrs", "Ms", "Dr", "Prof", "St"].includes(title) ? `${title}.` : title;
    form = `${dotted} ${form.slice(titleMatch[0].length).trim()}`;
  }
  const tokens = form.split(" ").filter((token) => token !== "");
  // "Mr. Holmes I", "Mr. Holmes Do": a short word after the name is the next sentence's.
  while (
    tokens.length > 1 &&
    (tokens[tokens.length - 1]!.length <= 2 || NOT_NAMES.has(tokens[tokens.length - 1]!))
  ) {
    tokens.pop();
  }
  // "And Alice", "So Alice": a sentence opener is not part of the name.
  while (tokens.length > 1 && !TITLES.includes(tokens[0]!.replace(/\.$/, ""))) {
    if (!NOT_NAMES.has(tokens[0]!) && !OPENERS.has(tokens[0]!)) break;
    tokens.shift();
  }
  if (tokens.length === 0 || tokens.length > 4) return null;
  if (!tokens.every((token) => /^\p{Lu}/u.test(token) || /^(?:de|van|von|the)$/.test(token))) {
    return null;
  }
  if (tokens.some((token) => /['’]\p{Ll}/u.test(token))) return null;
  // What is left must be a name: at least one capitalised word, and no article alone.
  if (!tokens.some((token) => /^\p{Lu}/u.test(token))) return null;
  if (tokens.length === 1 && (NOT_NAMES.has(tokens[0]!) || tokens[0]!.length < 2)) return null;
  if (tokens.length > 1 && PLACE_WORDS.test(tokens[tokens.length - 1]!)) return null;
  const words = tokens.filter((token) => token !== "the");
  if (words.every((token) => NOT_NAMES.has(token.replace(/\.$/, "")))) return null;
  return tokens.join(" ");
}

export interface FormSources {
  /** Forms from compromise (already split into person strings). */
  people: readonly string[];
  places: ReadonlySet<string>;
}

/** Every candidate name form in a chapter; "the X" speakers carry their article. */
export function patternForms(text: string): string[] {
  const forms: string[] = [];
  for (const match of text.matchAll(TITLED)) forms.push(match[0]);
  for (const pattern of [THE_SPEAKER_AFTER, THE_SPEAKER_BEFORE]) {
    for (const match of text.matchAll(pattern)) forms.push(`the ${match[1]!}`);
  }
  for (const pattern of [NAMED_SPEAKER_AFTER, NAMED_SPEAKER_BEFORE]) {
    for (const match of text.matchAll(pattern)) forms.push(match[1]!);
  }
  return forms;
}

/**
 * compromise's people and raw places for one text, loaded lazily so the CLI starts fast. The
 * finder and the location finder read the same chapters, so each text is parsed once per
 * process (compromise is most of the bible draft's time).
 */
const parsed = new Map<string, { people: string[]; places: string[] }>();
const PARSED_LIMIT = 2000;

export async function compromiseText(
  text: string,
): Promise<{ people: string[]; places: string[] }> {
  const known = parsed.get(text);
  if (known) return known;
  const nlp = (await import("compromise")).default;
  const doc = nlp(withNames(text));
  const result = {
    people: doc.people().out("array") as string[],
    places: doc.places().out("array") as string[],
  };
  if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value!);
  parsed.set(text, result);
  return result;
}

/**
 * Only the sentences with a capitalised word after their first: the rest can hold no name the
 * finder would keep (a lone word must be seen mid-sentence), and compromise's time is per word.
 */
function withNames(text: string): string {
  return text
    .split(/(?<=[.!?…]["”’']?)\s+|\n\s*\n/u)
    .filter((sentence) => /\s[“"‘']?\p{Lu}/u.test(sentence.trim()))
    .join("\n\n");
}

/** compromise's people and places over several texts. */
export async function compromiseForms(
  texts: readonly string[],
): Promise<{ people: string[]; places: Set<string> }> {
  const people: string[] = [];
  const places = new Set<string>();
  for (const text of texts) {
    const found = await compromiseText(text);
    people.push(...found.people);
    for (const place of found.places) {
      const clean = cleanForm(place);
      if (clean) places.add(clean);
    }
  }
  return { people, places };
}

/** Regex source matching a form, tolerant of "Mr"/"Mr." and of line breaks between words. */
export function formPattern(form: string): string {
  return form
    .split(" ")
    .map((token) =>
      token === "the"
        ? "[Tt]he"
        : token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\.$/, "\\.?"),
    )
    .join("\\s+");
}
