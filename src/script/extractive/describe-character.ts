import type { CharacterCandidate } from "../writer.js";
import { detectQuoteStyle, splitQuotes } from "./quotes.js";
import { escapeRegExp, splitSentences } from "./text.js";

/**
 * A character's physical description, taken from the book. A sentence counts only when it is
 * narration (no quotation marks, no [Illustration] caption), names the character by one of
 * its names as a whole name (the "Darcy" inside "Miss Darcy" is Miss Darcy's), has the
 * character as its subject (the first person it names, or "he"/"she" right after a sentence
 * that names them first) and speaks of appearance after the name with no one else named in
 * between. Short sentences with more appearance words win. When the book gives nothing that
 * passes, a neutral description from gender and age ("a young woman"), so a portrait is
 * never drawn from somebody else's features.
 */

const APPEARANCE =
  /\b(?:face|faces|eyes|eye|hair|tall|short|stout|thin|slender|dressed|dress|gown|wore|wearing|coat|hat|bonnet|beard|moustache|handsome|pretty|beautiful|plain|pale|complexion|features|figure|lips|nose|cheeks|spectacles|boots|gloves|waistcoat|cap|height|ugly|fat|grey|gray|curls|whiskers|ears|fur|paws|tail|person|mien|countenance|dressing-gown)\b/gi;
const LIMIT = 300;
/** How far into a sentence (in characters) its subject may be named: "In ran Mrs. Bennet". */
const SUBJECT_REACH = 20;

export type NameFinder = (sentence: string) => Array<{ owner: number; index: number; end: number }>;

/** One matcher over every candidate's names, longest first, so a longer name wins its words. */
export function nameFinder(candidates: readonly CharacterCandidate[]): NameFinder {
  const owners = new Map<string, number>();
  candidates.forEach((candidate, position) => {
    for (const name of [candidate.name, ...candidate.aliases]) {
      const key = name
        .replace(/^the\s+/i, "")
        .toLowerCase()
        .replace(/\./g, "");
      if (key !== "" && !owners.has(key)) owners.set(key, position);
    }
  });
  if (owners.size === 0) return () => [];
  const sources = [...owners.keys()]
    .sort((left, right) => right.length - left.length || left.localeCompare(right))
    .map((key) =>
      key
        .split(" ")
        .map((word) => `${escapeRegExp(word)}\\.?`)
        .join("\\s+"),
    );
  const pattern = new RegExp(`(?<![\\p{L}])(?:${sources.join("|")})(?![\\p{L}])`, "giu");
  return (sentence) =>
    [...sentence.matchAll(pattern)].flatMap((match) => {
      // Names are capitalised: "will" is no Will.
      if (!/^\p{Lu}/u.test(match[0])) return [];
      const owner = owners.get(match[0].toLowerCase().replace(/\./g, "").replace(/\s+/g, " "));
      const index = match.index ?? 0;
      return owner === undefined ? [] : [{ owner, index, end: index + match[0].length }];
    });
}

export function describeCharacter(
  candidate: CharacterCandidate,
  position: number,
  texts: readonly string[],
  findNames: NameFinder,
): string {
  const picked: Array<{ sentence: string; score: number }> = [];
  const seen = new Set<string>();
  for (const text of texts) {
    if (/\[(?:Illustration|Image|Picture|Figure)\b/i.test(text)) continue;
    // Narration only: a quote's sentences are somebody talking, whatever they name.
    const style = detectQuoteStyle(text);
    const sentences = text
      .split(/\n\s*\n/)
      .flatMap((paragraph) =>
        splitQuotes(paragraph.replace(/\s+/g, " "), style)
          .filter((segment) => segment.kind === "narration")
          .flatMap((segment) => splitSentences(segment.text.trim())),
      )
      // Whole sentences: a piece cut off before a quote ("crying out,--") is no description.
      .filter((sentence) => /^\p{Lu}/u.test(sentence) && /[.!?]$/.test(sentence));
    let previousSubject: number | null = null;
    let previousText = "";
    for (const sentence of sentences) {
      const names = findNames(sentence);
      // The subject is named at the head of the sentence, not after a long opening phrase.
      const subject = names[0] && names[0].index <= SUBJECT_REACH ? names[0].owner : null;
      const narration = !/[“”"«»]|(?:^|\s)‘/u.test(sentence);
      if (narration && !seen.has(sentence)) {
        seen.add(sentence);
        const start = startOfSubject(
          sentence,
          names,
          position,
          continues(previousText, candidate.gender) ? previousSubject : null,
          candidate.gender,
        );
        const hits = start === null ? 0 : appearanceAfter(sentence, start, names, position);
        // "Lady Catherine was a tall, large woman": a portrait sentence, not a passing glance.
        const portrait =
          start !== null && /^[\s,]*(?:was|is|had|has|wore|looked)\b/.test(sentence.slice(start));
        if (hits > 0)
          picked.push({ sentence, score: hits * 2 + (portrait ? 2 : 0) - sentence.length / 120 });
      }
      previousSubject = subject;
      previousText = sentence;
    }
  }
  picked.sort((left, right) => right.score - left.score);
  let description = "";
  for (const { sentence } of picked) {
    if (sentence.length > LIMIT) continue;
    if (description.length + sentence.length + 1 > LIMIT) break;
    description = description === "" ? sentence : `${description} ${sentence}`;
  }
  return description === "" ? neutralDescription(candidate) : description;
}

/**
 * Whether a "he"/"she" in the next sentence can only be the previous sentence's subject: not
 * when that sentence already points at another person of the gender ("delighted with him").
 */
function continues(previous: string, gender: CharacterCandidate["gender"]): boolean {
  if (gender === "male") return !/\bhim\b/i.test(previous);
  if (gender === "female")
    return !/\b(?:with|to|at|for|by|from|on|saw|told|asked)\s+her\b/i.test(previous);
  return false;
}

/** Where the character, as subject, is named (or referred to by "he"/"she"); null: not theirs. */
function startOfSubject(
  sentence: string,
  names: ReturnType<NameFinder>,
  position: number,
  previousSubject: number | null,
  gender: CharacterCandidate["gender"],
): number | null {
  const first = names[0];
  if (first?.owner === position && first.index <= SUBJECT_REACH) return first.end;
  const pronoun = gender === "female" ? /^She\b/ : gender === "male" ? /^He\b/ : null;
  if (pronoun?.test(sentence) && previousSubject === position) return 0;
  return null;
}

/** Appearance words after `start` and before anyone else is named. */
function appearanceAfter(
  sentence: string,
  start: number,
  names: ReturnType<NameFinder>,
  position: number,
): number {
  const other = names.find((name) => name.index >= start && name.owner !== position);
  let stretch = sentence.slice(start, other ? other.index : undefined);
  // Anyone else named, even a name the finder missed ("Miss Bingley's eyes"), ends it too.
  const stranger = /\s(?:\p{Lu}\p{L}+\.?\s+)?\p{Lu}\p{Ll}+(?:['’]s)?/u.exec(stretch);
  if (
    stranger &&
    !names.some((name) => name.owner === position && name.index === start + stranger.index + 1)
  )
    stretch = stretch.slice(0, stranger.index);
  return stretch.match(APPEARANCE)?.length ?? 0;
}

/** "a young woman", "an old man", "a girl": what gender and age say, nothing invented. */
export function neutralDescription(candidate: Pick<CharacterCandidate, "gender" | "age">): string {
  const { gender, age } = candidate;
  if (age === "child")
    return gender === "female" ? "a girl" : gender === "male" ? "a boy" : "a child";
  const noun = gender === "female" ? "woman" : gender === "male" ? "man" : "person";
  if (age === "old") return `an old ${noun}`;
  if (age === "young") return `a young ${noun}`;
  return `a ${noun}`;
}
