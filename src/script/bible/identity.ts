import type { Character, Location } from "../schema.js";

/**
 * Who is who, independent of spelling: "The Queen", "queen" and "the-queen" are one person,
 * and so are "Mr. Darcy" and the id "mr-darcy". Case, accents, punctuation, hyphens and a
 * leading "the" are ignored, so a hand-edited bible.json still recognises the draft's names.
 */
export function identityKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/^the\s+/, "");
}

/** Every key a character answers to: its id, its name and each alias. */
export function characterKeys(
  character: Pick<Character, "name" | "aliases"> & { id?: string },
): string[] {
  const texts = [character.id ?? "", character.name, ...character.aliases];
  return texts.map(identityKey).filter((key) => key !== "");
}

export function locationKeys(location: Pick<Location, "name"> & { id?: string }): string[] {
  return [location.id ?? "", location.name].map(identityKey).filter((key) => key !== "");
}

/** A set of keys that grows as characters (or locations) are accepted. */
export class KnownNames {
  readonly #keys = new Set<string>();

  constructor(keyLists: Iterable<readonly string[]> = []) {
    for (const keys of keyLists) this.add(keys);
  }

  knows(keys: readonly string[]): boolean {
    return keys.some((key) => this.#keys.has(key));
  }

  add(keys: readonly string[]): void {
    for (const key of keys) this.#keys.add(key);
  }
}

/**
 * The bible character a name (or id, or alias) refers to, spelling-insensitively: lets a
 * caller map a speaker the offline writer named `slugify(name)` onto an existing character.
 */
export function findCharacter<C extends Pick<Character, "id" | "name" | "aliases">>(
  characters: readonly C[],
  name: string,
): C | undefined {
  const key = identityKey(name);
  if (key === "") return undefined;
  return characters.find((character) => characterKeys(character).includes(key));
}
