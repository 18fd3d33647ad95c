import { createHash } from "node:crypto";
import type { Bible, Character } from "../schema.js";

/**
 * A character's look: the portrait prompt every image of them starts from, and a seed that
 * is a pure function of the book and the character, so the face is the same in every run,
 * process and machine (never random, never the clock).
 */
export function lookOf(
  character: Pick<Character, "id" | "name" | "description" | "gender" | "age">,
  bookTitle: string | null,
  style: Bible["style"],
): Character["look"] {
  return {
    prompt: portraitPrompt(character, style),
    seed: lookSeed(bookTitle, character.id),
  };
}

/** A 31-bit integer from sha256(bookTitle + characterId): fits every image API's seed field. */
export function lookSeed(bookTitle: string | null, characterId: string): number {
  const digest = createHash("sha256")
    .update(`${bookTitle ?? ""}${characterId}`)
    .digest();
  return digest.readUInt32BE(0) & 0x7fffffff;
}

export function portraitPrompt(
  character: Pick<Character, "name" | "description" | "gender" | "age">,
  style: Bible["style"],
): string {
  const who = [ageWord(character.age), personWord(character.gender, character.age)]
    .filter((word) => word !== "")
    .join(" ");
  const parts = [
    `Portrait of ${character.name}${who === "" ? "" : `, ${withArticle(who)}`}`,
    character.description.trim(),
    style.visual.trim(),
    style.palette.trim() === "" ? "" : `palette: ${style.palette.trim()}`,
  ];
  return parts
    .filter((part) => part !== "")
    .map((part) => part.replace(/[.\s]+$/, ""))
    .join(". ")
    .concat(".");
}

function ageWord(age: Character["age"]): string {
  if (age === "old") return "elderly";
  if (age === "young") return "young";
  if (age === "adult") return "adult";
  return "";
}

function personWord(gender: Character["gender"], age: Character["age"]): string {
  const child = age === "child";
  if (gender === "female") return child ? "girl" : "woman";
  if (gender === "male") return child ? "boy" : "man";
  return child ? "child" : "";
}

function withArticle(phrase: string): string {
  return /^[aeiou]/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}
