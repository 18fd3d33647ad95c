import type { Bible, Character } from "../schema.js";
import { escapeRegExp } from "./text.js";

/**
 * Names → character ids. Tolerant of what varies between a speech tag and the bible: case,
 * a leading article ("the Hatter"), a title's full stop ("Mr Bennet"), a possessive, and
 * punctuation. A lone surname shared by several characters resolves to none of them.
 */

export function nameKey(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’']s\b/g, "")
    .replace(/[^\p{L}\p{N}\s]+/gu, " ")
    .replace(/^\s*the\s+/, "")
    .replace(/\s+/g, " ")
    .trim();
}

type Named = Pick<Character, "id" | "name" | "aliases">;

export function resolveSpeaker(
  name: string,
  bible: Pick<Bible, "characters"> | { characters: readonly Named[] },
): string | null {
  const key = nameKey(name);
  if (key === "") return null;
  if (key === "narrator") return "narrator";
  const exact = bible.characters.filter((character) =>
    [character.name, ...character.aliases].some((alias) => nameKey(alias) === key),
  );
  if (exact.length >= 1) return exact[0]!.id;
  const byId = bible.characters.find((character) => character.id === key.replace(/ /g, "-"));
  return byId?.id ?? null;
}

export interface NameMatch {
  id: string;
  start: number;
  end: number;
}

/** Finds every bible name or alias in a text (longest first), for mentions and addressees. */
export function nameMatcher(characters: readonly Named[]): (text: string) => NameMatch[] {
  const entries = characters.flatMap((character) =>
    [character.name, ...character.aliases].map((alias) => ({
      id: character.id,
      alias: alias.replace(/^the\s+/i, ""),
    })),
  );
  const byKey = new Map<string, string>();
  for (const entry of entries) {
    const key = nameKey(entry.alias);
    if (key !== "" && !byKey.has(key)) byKey.set(key, entry.id);
  }
  const sources = [...byKey.keys()]
    .sort((left, right) => right.length - left.length || left.localeCompare(right))
    .map((key) => key.split(" ").map(escapeRegExp).join("\\.?\\s+"));
  if (sources.length === 0) return () => [];
  const pattern = new RegExp(`(?<![\\p{L}])(?:${sources.join("|")})(?![\\p{L}])`, "giu");
  return (text: string) =>
    [...text.matchAll(pattern)].flatMap((match) => {
      const id = byKey.get(nameKey(match[0]));
      const start = match.index ?? 0;
      // Lower-case "hatter" in prose is a trade, not the Hatter.
      if (!id || !/^\p{Lu}/u.test(match[0])) return [];
      return [{ id, start, end: start + match[0].length }];
    });
}
