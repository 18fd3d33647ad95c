import type { Book } from "../../model/book.js";
import { type Bible, bibleSchema, type Character, type Location, NARRATOR } from "../schema.js";
import { uniqueSlug } from "../slug.js";
import type { BibleDraft, CharacterDraft, LocationDraft } from "../writer.js";
import { characterKeys, KnownNames, locationKeys } from "./identity.js";
import { lookOf } from "./look.js";

/**
 * A bible from a writer's draft. With `existing` (the user's bible.json, maybe hand-edited),
 * the existing bible wins everywhere: its objects are reused as they are (fields, order,
 * voices, looks, style, locations), and only draft characters and locations it does not know
 * by id, name or alias are appended. So a rebuild never changes a voice or a face.
 */
export function buildBible(draft: BibleDraft, book: Book, existing: Bible | null): Bible {
  const base: Bible = existing ?? {
    version: 1,
    book: { title: book.title, author: book.author, language: book.language },
    style: draft.style,
    narrator: { voices: {} },
    characters: [],
    locations: [],
    writer: draft.writer,
  };
  const withCharacters = extendBible(base, draft.characters);
  const bible: Bible = {
    ...withCharacters,
    locations: appendLocations(withCharacters.locations, draft.locations),
  };
  // Validate, but return our own objects: a parse would re-order a hand-edited file's keys.
  bibleSchema.parse(bible);
  return bible;
}

/** Appends the characters the bible does not know yet; never changes an existing one. */
export function extendBible(bible: Bible, characters: readonly CharacterDraft[]): Bible {
  const known = new KnownNames(bible.characters.map(characterKeys));
  const taken = new Set<string>([NARRATOR, ...bible.characters.map((character) => character.id)]);
  const added: Character[] = [];
  for (const draft of characters) {
    const name = draft.name.trim();
    const keys = characterKeys({ name, aliases: draft.aliases });
    if (name === "" || keys.length === 0 || known.knows(keys)) continue;
    const id = uniqueSlug(name, taken, "character");
    taken.add(id);
    known.add([...keys, ...characterKeys({ id, name, aliases: [] })]);
    added.push(characterFromDraft(draft, id, name, bible));
  }
  if (added.length === 0) return bible;
  return { ...bible, characters: [...bible.characters, ...added] };
}

function characterFromDraft(
  draft: CharacterDraft,
  id: string,
  name: string,
  bible: Bible,
): Character {
  const aliases = [...new Set(draft.aliases.map((alias) => alias.trim()))].filter(
    (alias) => alias !== "" && alias !== name,
  );
  const description = draft.description.trim();
  return {
    id,
    name,
    aliases,
    role: draft.role,
    description,
    personality: draft.personality.trim(),
    gender: draft.gender,
    age: draft.age,
    voices: {},
    look: lookOf(
      { id, name, description, gender: draft.gender, age: draft.age },
      bible.book.title,
      bible.style,
    ),
    mentions: Math.max(0, Math.round(draft.mentions)),
    firstChapter:
      draft.firstChapter !== null && draft.firstChapter >= 1
        ? Math.round(draft.firstChapter)
        : null,
  };
}

function appendLocations(existing: Location[], drafts: readonly LocationDraft[]): Location[] {
  const known = new KnownNames(existing.map(locationKeys));
  const taken = new Set(existing.map((location) => location.id));
  const added: Location[] = [];
  for (const draft of drafts) {
    const name = draft.name.trim();
    const keys = locationKeys({ name });
    if (name === "" || keys.length === 0 || known.knows(keys)) continue;
    const id = uniqueSlug(name, taken, "location");
    taken.add(id);
    known.add([...keys, ...locationKeys({ id, name })]);
    added.push({ id, name, description: draft.description.trim(), interior: draft.interior });
  }
  return added.length === 0 ? existing : [...existing, ...added];
}
