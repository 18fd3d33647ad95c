import type { Book } from "../../model/book.js";
import { identityKey } from "../bible/identity.js";
import type { BibleDraft, CharacterCandidate, PassageLookup } from "../writer.js";
import { type BibleDraftReply, bibleDraftSchema } from "./draft-schemas.js";
import { bookValues, formatCandidates } from "./prompt-values.js";
import { askStructured, type StructuredContext } from "./structured-call.js";
import { type PromptTemplate, renderTemplate } from "./templates.js";

/** Candidates listed in the prompt, and those whose appearance is looked up in the book. */
const LISTED_CANDIDATES = 40;
const LOOKED_UP_CANDIDATES = 8;
const PASSAGES_PER_CANDIDATE = 2;
export const BIBLE_PASSAGE_CHARACTERS = 6000;

export interface BibleInput {
  book: Book;
  candidates: CharacterCandidate[];
  passages: PassageLookup;
  signal?: AbortSignal;
}

/**
 * The bible draft from the offline candidates and passages retrieved over the WHOLE book (no
 * `before`), so a character described in chapter 20 is drawn as chapter 20 says. Mentions and
 * first chapters come from the candidates, which counted them, never from the model.
 */
export async function draftBibleWithLlm(
  structured: StructuredContext,
  template: PromptTemplate,
  input: BibleInput,
): Promise<BibleDraft> {
  const ranked = [...input.candidates].sort(
    (left, right) => right.mentions - left.mentions || left.name.localeCompare(right.name),
  );
  const passages = await appearancePassages(ranked.slice(0, LOOKED_UP_CANDIDATES), input.passages);
  const messages = renderTemplate(template, {
    ...bookValues(input.book),
    candidates: formatCandidates(ranked.slice(0, LISTED_CANDIDATES)),
    passages,
  });
  const answer = await askStructured(structured, {
    name: "story_bible",
    schema: bibleDraftSchema,
    messages,
    check: (draft) =>
      draft.characters.some((character) => character.name.trim() === "")
        ? ["characters: every character needs a name"]
        : [],
    ...(input.signal ? { signal: input.signal } : {}),
  });
  return toBibleDraft(answer.value, input.candidates, answer.ref);
}

async function appearancePassages(
  candidates: readonly CharacterCandidate[],
  lookup: PassageLookup,
): Promise<string> {
  const seen = new Set<string>();
  const parts: string[] = [];
  let size = 0;
  for (const candidate of candidates) {
    const found = await lookup(`${candidate.name} appearance`, { k: PASSAGES_PER_CANDIDATE });
    for (const passage of found) {
      const text = passage.text.trim();
      if (text === "" || seen.has(text) || size + text.length > BIBLE_PASSAGE_CHARACTERS) continue;
      seen.add(text);
      size += text.length;
      parts.push(`[chapter ${passage.chapterIndex ?? "-"}] ${text}`);
    }
  }
  return parts.length === 0 ? "(no passages)" : parts.join("\n\n");
}

export function toBibleDraft(
  reply: BibleDraftReply,
  candidates: readonly CharacterCandidate[],
  writer: string,
): BibleDraft {
  const byKey = new Map<string, CharacterCandidate>();
  for (const candidate of candidates) {
    for (const name of [candidate.name, ...candidate.aliases]) {
      const key = identityKey(name);
      const known = byKey.get(key);
      if (key !== "" && (!known || known.mentions < candidate.mentions)) byKey.set(key, candidate);
    }
  }
  return {
    characters: reply.characters.map((character) => {
      const match = [character.name, ...character.aliases]
        .map((name) => byKey.get(identityKey(name)))
        .find((candidate) => candidate !== undefined);
      return {
        ...character,
        mentions: match?.mentions ?? 0,
        firstChapter: match?.firstChapter ?? null,
      };
    }),
    locations: reply.locations,
    style: reply.style,
    writer,
  };
}
