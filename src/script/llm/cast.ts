import type { Bible, Character, Location } from "../schema.js";

/** Characters offered to the model per section: enough for any scene, small enough for strict-mode enum caps. */
export const CAST_LIMIT = 60;
/** Locations offered per section (same reason). */
export const LOCATION_LIMIT = 40;
/** Speakers the model may introduce per section as `new:1` … `new:N`. */
export const NEW_SPEAKERS = 5;
/** Descriptions in the prompt are trimmed to about this many characters. */
export const DESCRIPTION_CHARACTERS = 200;

export interface Cast {
  characters: Character[];
  locations: Location[];
}

/**
 * Who the model may name in one section of chapter `chapter`: characters already introduced
 * (first chapter ≤ n, or unknown) — later ones would spoil the story and bloat the prompt —
 * ranked with those the section names first, then by mentions, capped. A character the
 * section itself names is always eligible, whatever the finder guessed as its first chapter:
 * the text in the prompt already reveals them.
 */
export function chapterCast(bible: Bible, chapter: number, sectionText: string): Cast {
  const named = (names: readonly string[]) => names.some((name) => mentions(sectionText, name));
  const byImportance = (left: Character, right: Character) =>
    right.mentions - left.mentions || left.id.localeCompare(right.id);
  const inSection = bible.characters
    .filter((character) => named([character.name, ...character.aliases]))
    .sort(byImportance);
  const introduced = bible.characters
    .filter((character) => character.firstChapter === null || character.firstChapter <= chapter)
    .filter((character) => !inSection.includes(character))
    .sort(byImportance);
  const locationsNamed = bible.locations.filter((location) => named([location.name]));
  const otherLocations = bible.locations.filter((location) => !locationsNamed.includes(location));
  return {
    characters: [...inSection, ...introduced].slice(0, CAST_LIMIT),
    locations: [...locationsNamed, ...otherLocations].slice(0, LOCATION_LIMIT),
  };
}

/** Whole-word, case-insensitive: "Ann" is not found in "Anna". */
export function mentions(text: string, name: string): boolean {
  const trimmed = name.trim();
  if (trimmed === "") return false;
  const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "iu").test(text);
}

/** At most `limit` characters, cut at a word boundary, with an ellipsis when cut. */
export function trimDescription(text: string, limit = DESCRIPTION_CHARACTERS): string {
  const flat = text.trim().replace(/\s+/g, " ");
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

/** The enum values standing for the section's new speakers. */
export function newSpeakerRefs(): string[] {
  return Array.from({ length: NEW_SPEAKERS }, (_, index) => `new:${index + 1}`);
}
