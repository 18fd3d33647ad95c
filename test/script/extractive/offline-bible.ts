import type { Book } from "../../../src/model/book.js";
import type { Bible } from "../../../src/script/schema.js";
import { slugify, uniqueSlug } from "../../../src/script/slug.js";
import type { BibleDraft, Passage, PassageLookup } from "../../../src/script/writer.js";

/**
 * Test helpers standing in for the RAG index and src/script/bible (built elsewhere): an
 * in-memory keyword lookup over the book's paragraphs, and a bible with ids = slugify(name).
 */
export function memoryPassages(book: Book): PassageLookup {
  const paragraphs: Passage[] = book.chapters
    .filter((chapter) => chapter.kind === "body")
    .flatMap((chapter) =>
      chapter.text.split(/\n\s*\n/).map((text) => ({ chapterIndex: chapter.index, text })),
    );
  return async (query, options) => {
    const words = query.toLowerCase().match(/\p{L}+/gu) ?? [];
    const scored = paragraphs.map((passage, position) => {
      const lower = passage.text.toLowerCase();
      const score = words.reduce((sum, word) => sum + (lower.includes(word) ? 1 : 0), 0);
      return { passage, position, score };
    });
    scored.sort((left, right) => right.score - left.score || left.position - right.position);
    return scored.slice(0, options?.k ?? 8).map((entry) => entry.passage);
  };
}

export function bibleFromDraft(draft: BibleDraft, book: Book): Bible {
  const taken = new Set<string>(["narrator"]);
  const characters = draft.characters.map((character) => {
    const id = uniqueSlug(character.name, taken, "someone");
    taken.add(id);
    return { ...character, id, voices: {}, look: { prompt: "", seed: 0 } };
  });
  const places = new Set<string>();
  const locations = draft.locations.map((location) => {
    const id = uniqueSlug(location.name, places, "place");
    places.add(id);
    return { ...location, id };
  });
  return {
    version: 1,
    book: { title: book.title, author: book.author, language: book.language },
    style: draft.style,
    narrator: { voices: {} },
    characters,
    locations,
    writer: draft.writer,
  };
}

export { slugify };
