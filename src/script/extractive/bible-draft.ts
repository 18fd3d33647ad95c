import type { Book } from "../../model/book.js";
import type { Character } from "../schema.js";
import type { BibleDraft, CharacterCandidate, CharacterDraft, PassageLookup } from "../writer.js";
import { describeCharacter, nameFinder } from "./describe-character.js";
import { findLocations } from "./locations.js";
import { nameKey } from "./speaker.js";
import { escapeRegExp, splitSentences } from "./text.js";
import { visualStyle } from "./visual-style.js";

/**
 * The offline bible draft. Characters come from the finder; each one's physical description
 * is narration retrieved from the whole book with the character as subject
 * (describe-character.ts), else a neutral one from gender and age; personality from
 * character adjectives near the name. Nothing is invented.
 */

const TRAITS =
  /\b(?:kind|proud|clever|witty|foolish|silly|nervous|cheerful|shy|gentle|haughty|sarcastic|lively|serious|curious|stubborn|brave|timid|vain|amiable|agreeable|disagreeable|sensible|sweet|cruel|cold|warm|generous|selfish|honest|sly|cunning|grave|merry|polite|rude|impatient|patient|anxious|calm|wise|ignorant|arrogant|modest|reserved|talkative|good-humoured|ill-natured|quick|dull|mad|angry|sulky|pompous|obsequious|insolent)\b/gi;
const DESCRIBED_CHARACTERS = 40;

export async function draftBible(input: {
  book: Book;
  candidates: CharacterCandidate[];
  passages: PassageLookup;
}): Promise<BibleDraft> {
  const { book, candidates, passages } = input;
  const topMentions = candidates[0]?.mentions ?? 0;
  const topSpeaking = Math.max(0, ...candidates.map((candidate) => candidate.speaking));
  const characters: CharacterDraft[] = [];
  const findNames = nameFinder(candidates);
  for (const [position, candidate] of candidates.entries()) {
    const texts =
      position < DESCRIBED_CHARACTERS
        ? (await passages(`${candidate.name} face eyes hair dressed tall`, { k: 8 })).map(
            (passage) => passage.text,
          )
        : [];
    characters.push({
      name: candidate.name,
      aliases: candidate.aliases,
      role: role(position, candidate, topMentions, topSpeaking),
      description: describeCharacter(candidate, position, texts, findNames),
      personality: personality(candidate, texts),
      gender: candidate.gender,
      age: candidate.age,
      mentions: candidate.mentions,
      firstChapter: candidate.firstChapter,
    });
  }
  const body = book.chapters
    .filter((chapter) => chapter.kind === "body")
    .map((chapter) => chapter.text);
  return {
    characters,
    locations: await findLocations(body, book.language, candidates),
    style: visualStyle(body, book.language),
    writer: "extractive",
  };
}

function role(
  position: number,
  candidate: CharacterCandidate,
  topMentions: number,
  topSpeaking: number,
): Character["role"] {
  if (position === 0 && candidate.mentions > 0) return "protagonist";
  if (
    candidate.mentions >= topMentions * 0.15 ||
    (topSpeaking > 0 && candidate.speaking >= topSpeaking * 0.2)
  ) {
    return "major";
  }
  return "minor";
}

function namePattern(candidate: CharacterCandidate): RegExp {
  const names = [candidate.name, ...candidate.aliases]
    .map((name) => name.replace(/^the\s+/i, ""))
    .filter((name) => nameKey(name) !== "")
    .sort((left, right) => right.length - left.length)
    .map((name) => escapeRegExp(name).replace(/\\\./g, "\\.?"));
  return new RegExp(`(?<![\\p{L}])(?:${names.join("|")})(?![\\p{L}])`, "u");
}

function personality(candidate: CharacterCandidate, texts: readonly string[]): string {
  const pattern = namePattern(candidate);
  const counts = new Map<string, number>();
  for (const text of texts) {
    const sentences = splitSentences(text.replace(/\s+/g, " "));
    for (const [index, sentence] of sentences.entries()) {
      // The sentence that names them, or the next one when it goes on with "he"/"she".
      const follows = /^(?:He|She)\b/.test(sentence) && pattern.test(sentences[index - 1] ?? "");
      if (!pattern.test(sentence) && !follows) continue;
      for (const match of sentence.matchAll(TRAITS)) {
        const trait = match[0].toLowerCase();
        counts.set(trait, (counts.get(trait) ?? 0) + 1);
      }
    }
  }
  return [...counts]
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
    .slice(0, 3)
    .map(([trait]) => trait)
    .join(", ");
}
