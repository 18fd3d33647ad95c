import { createHash } from "node:crypto";
import { type Bible, type Character, NARRATOR, type Scene, type Shot } from "../script/schema.js";
import type { Json } from "./graph.js";
import { VOICE_SETTINGS } from "./plan-constants.js";
import { providerOf } from "./plan-cost.js";

/**
 * Pure text building for media tasks. Each prompt reads only what belongs to its shot, its
 * scene and the bible's (append-only) characters, so editing other text never changes it.
 */

/** A stable 31-bit seed: the same shot keeps the same composition on every run. */
export function seedOf(id: string): number {
  return (
    Number.parseInt(createHash("sha256").update(id).digest("hex").slice(0, 8), 16) & 0x7fffffff
  );
}

/** The first sentence of a description, at most `limit` characters (prompts stay short). */
export function shortDescription(text: string, limit = 120): string {
  const trimmed = text.trim().replace(/\s+/g, " ");
  const sentence = /^.+?[.!?](?=\s|$)/.exec(trimmed)?.[0] ?? trimmed;
  if (sentence.length <= limit) return sentence.replace(/[.!?]$/, "");
  const cut = sentence.slice(0, limit);
  const space = cut.lastIndexOf(" ");
  return (space > limit / 2 ? cut.slice(0, space) : cut).replace(/[,;:]$/, "");
}

function styleOf(bible: Bible): string {
  const visual = bible.style.visual.trim().replace(/\.$/, "");
  const palette = bible.style.palette.trim();
  return palette === "" ? visual : `${visual}; palette: ${palette}`;
}

export function portraitPrompt(bible: Bible, character: Character): string {
  return `${bible.style.visual}. Portrait of ${character.name}: ${character.look.prompt}`;
}

/** Style, scene heading, what the shot shows, who is in it, and the scene's mood. */
export function imagePrompt(
  bible: Bible,
  scene: Scene,
  shot: Shot,
  inFrame: readonly Character[],
): string {
  const people = inFrame
    .map((character) => {
      const description = shortDescription(character.description);
      return description === "" ? character.name : `${character.name} (${description})`;
    })
    .join("; ");
  return [
    styleOf(bible),
    scene.heading,
    shot.description.trim().replace(/\.$/, ""),
    people === "" ? null : `In frame: ${people}`,
    `Mood: ${scene.mood}`,
  ]
    .filter((part): part is string => part !== null && part !== "")
    .join(". ");
}

export function clipPrompt(scene: Scene, shot: Shot): string {
  return `${shot.description.trim().replace(/\.$/, "")}. Camera: ${shot.camera.toLowerCase()}. Mood: ${scene.mood}`;
}

/**
 * The voice of a speaker for the provider that normally serves the speech chain (its first
 * link): the narrator's or the character's assignment; null when the bible has none (the
 * executor then picks the provider's default and says so).
 */
export function voiceIdOf(bible: Bible, speaker: string, chain: readonly string[]): string | null {
  const provider = providerOf(chain[0]);
  const voices =
    speaker === NARRATOR
      ? bible.narrator.voices
      : bible.characters.find((character) => character.id === speaker)?.voices;
  return voices?.[provider]?.voiceId ?? null;
}

export function voiceSettingsOf(emotion: keyof typeof VOICE_SETTINGS): { [key: string]: Json } {
  return { ...VOICE_SETTINGS[emotion] };
}

/** ISO 639-1 primary subtag of the book's language (`en-GB` → `en`), null when unknown. */
export function languageCodeOf(language: string | null): string | null {
  const primary = language?.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return primary === "" ? null : primary;
}
