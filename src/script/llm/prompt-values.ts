import type { Book } from "../../model/book.js";
import type { Bible } from "../schema.js";
import type { BodyChapter, CharacterCandidate } from "../writer.js";
import { type Cast, trimDescription } from "./cast.js";

/**
 * The placeholder values of the prompt templates, built by pure functions (no I/O), so a
 * prompt can be checked in a test without a model.
 */
export function bookValues(book: Book): Record<string, string> {
  return {
    bookTitle: book.title ?? "(untitled)",
    bookAuthor: book.author ?? "an unknown author",
    bookLanguage: book.language ?? "unknown",
  };
}

/**
 * The section's cast as the model needs it: ids to use, and who they are, descriptions
 * trimmed. Voices and looks stay out, and so does everyone the cast leaves out (cast.ts).
 */
export function compactBible(cast: Pick<Bible, "characters" | "locations">): string {
  return JSON.stringify({
    narrator: "narrator",
    characters: cast.characters.map((character) => ({
      id: character.id,
      name: character.name,
      aliases: character.aliases,
      role: character.role,
      description: trimDescription(character.description),
    })),
    locations: cast.locations.map((location) => ({
      id: location.id,
      name: location.name,
      description: trimDescription(location.description),
    })),
  });
}

export interface SectionPromptInput {
  book: Book;
  chapter: BodyChapter;
  /** The section's cast (cast.ts), not the whole bible. */
  cast: Cast;
  section: { number: number; count: number; text: string; spokenWords: number };
  wordsPerMinute: number;
  summaries: readonly string[];
  context: string;
}

export function screenplayValues(input: SectionPromptInput): Record<string, string | number> {
  const { section } = input;
  return {
    ...bookValues(input.book),
    chapterTitle: input.chapter.title,
    chapterNumber: input.chapter.index,
    sectionNumber: section.number,
    sectionCount: section.count,
    sectionLabel:
      section.count === 1 ? "(the whole chapter)" : `section ${section.number} of ${section.count}`,
    targetWords: section.spokenWords,
    targetMinutes: (section.spokenWords / input.wordsPerMinute).toFixed(1),
    bible: compactBible(input.cast),
    summaries:
      input.summaries.length === 0
        ? "(this is the start of the chapter)"
        : `Earlier in this chapter:\n${input.summaries.map((summary) => `- ${summary}`).join("\n")}`,
    context: input.context,
    text: section.text,
  };
}

/** Candidates, most mentioned first: "Name (Alias, Alias): 120 mentions, 30 lines, chapter 1". */
export function formatCandidates(candidates: readonly CharacterCandidate[]): string {
  if (candidates.length === 0) return "(none found)";
  return candidates
    .map((candidate) => {
      const aliases = candidate.aliases.length > 0 ? ` (${candidate.aliases.join(", ")})` : "";
      const first =
        candidate.firstChapter === null ? "unknown" : `chapter ${candidate.firstChapter}`;
      return `- ${candidate.name}${aliases}: ${candidate.mentions} mentions, ${candidate.speaking} lines, first ${first}, ${candidate.gender}, ${candidate.age}`;
    })
    .join("\n");
}
