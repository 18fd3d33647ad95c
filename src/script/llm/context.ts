import type { Bible } from "../schema.js";
import type { BodyChapter, Passage, PassageLookup } from "../writer.js";

/** Enough to remind the model of the story so far without crowding out the chapter. */
export const CONTEXT_CHARACTERS = 3000;
const MAIN_CHARACTERS = 3;
const OPENING_WORDS = 40;
const PER_QUERY = 3;

/**
 * Passages from EARLIER chapters only (the chapter's own text is in the prompt; later ones
 * would spoil it): asked for with the chapter's opening and the names of the main characters
 * it mentions, deduplicated, capped. Passages the lookup returns from this chapter or later
 * (or from front matter) are dropped too, in case a lookup ignores `before`.
 */
export async function earlierContext(
  chapter: BodyChapter,
  bible: Bible,
  passages: PassageLookup,
): Promise<Passage[]> {
  if (chapter.index <= 1) return [];
  const queries = contextQueries(chapter, bible);
  const found: Passage[] = [];
  const seen = new Set<string>();
  let size = 0;
  for (const query of queries) {
    const results = await passages(query, { k: PER_QUERY, before: chapter.index });
    for (const passage of results) {
      const key = passage.text.trim();
      if (passage.chapterIndex === null || passage.chapterIndex >= chapter.index) continue;
      if (key === "" || seen.has(key) || size + key.length > CONTEXT_CHARACTERS) continue;
      seen.add(key);
      size += key.length;
      found.push({ chapterIndex: passage.chapterIndex, text: key });
    }
  }
  return found.sort((left, right) => (left.chapterIndex ?? 0) - (right.chapterIndex ?? 0));
}

export function contextQueries(chapter: BodyChapter, bible: Bible): string[] {
  const opening = chapter.text.split(/\s+/).filter(Boolean).slice(0, OPENING_WORDS).join(" ");
  const lowered = chapter.text.toLowerCase();
  const named = [...bible.characters]
    .sort((left, right) => right.mentions - left.mentions || left.id.localeCompare(right.id))
    .filter((character) =>
      [character.name, ...character.aliases].some((name) => lowered.includes(name.toLowerCase())),
    )
    .slice(0, MAIN_CHARACTERS)
    .map((character) => character.name);
  return [...new Set([opening, ...named].filter((query) => query !== ""))];
}

export function formatPassages(found: readonly Passage[]): string {
  if (found.length === 0) return "(nothing earlier)";
  return found
    .map((passage) => `[chapter ${passage.chapterIndex ?? "?"}] ${passage.text}`)
    .join("\n\n");
}
