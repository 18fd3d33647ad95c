import { CHAPTER_WORDS, type HeadingMatch, matchHeading, NUMBER } from "../heading-patterns.js";

/**
 * Plain-text illustration plates ("[Illustration: …]") and the end marker: a plate's caption
 * may carry the chapter heading or "THE END", and must not be read as prose or a title.
 */

const ILLUSTRATION = /^\[\s*Illustrations?\b[:.]?\s*([\s\S]*)\]$/i;
const TRAILING_CHAPTER = new RegExp(`(?:^|\\s)((?:${CHAPTER_WORDS})\\s+${NUMBER}\\.?)$`, "iu");

/** The caption of an `[Illustration: …]` paragraph, or null when it is not one. */
export function illustrationCaption(paragraph: string): string | null {
  const match = ILLUSTRATION.exec(paragraph.trim());
  return match ? (match[1] ?? "").trim() : null;
}

/**
 * Illustrated editions sometimes print the chapter heading inside the plate
 * ("[Illustration: ·PRIDE AND PREJUDICE· Chapter I.]"): the trailing heading counts.
 */
export function headingInIllustration(paragraph: string): HeadingMatch | null {
  const caption = illustrationCaption(paragraph);
  if (caption === null) return null;
  const trailing = TRAILING_CHAPTER.exec(caption);
  if (!trailing) return null;
  const match = matchHeading(trailing[1] ?? "");
  return match?.level === "chapter" && match.strength === "strong" ? match : null;
}

const END_MARKER = /^(?:(?:the\s+)?end|fin|finis|ende|終|完)[.!]?$/iu;

/** "THE END", "Fin", "Finis" — also when printed as an illustration plate. */
export function isEndMarker(paragraph: string): boolean {
  const text = paragraph.trim();
  if (END_MARKER.test(text)) return true;
  const caption = illustrationCaption(text);
  return caption !== null && END_MARKER.test(caption.replace(/\s+/g, " "));
}
