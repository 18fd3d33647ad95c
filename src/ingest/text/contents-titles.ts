import { classifyTitle } from "../chapters.js";
import type { Candidate } from "./heading-candidates.js";

/**
 * Headings found through the printed contents list, for books whose chapters have titles
 * but no numbers ("STORY OF THE DOOR", "SEARCH FOR MR. HYDE"): the short lines after a
 * "Contents" heading are the entries, and the same lines met again later, in the same
 * order, are the chapter headings.
 */
const ENTRY_WORDS = 12;
const ENTRY_LENGTH = 100;
/** Only the front of the book holds a contents list. */
const CONTENTS_SEARCH = 300;

export function headingsFromContents(paragraphs: string[]): Candidate[] {
  const contents = paragraphs
    .slice(0, CONTENTS_SEARCH)
    .findIndex((paragraph) => /contents/i.test(paragraph) && classifyTitle(paragraph) === "front");
  if (contents === -1) return [];
  const entries: string[] = [];
  let index = contents + 1;
  for (; index < paragraphs.length; index++) {
    const key = entryKey(paragraphs[index] ?? "");
    if (!isEntry(paragraphs[index] ?? "") || entries.includes(key)) break;
    entries.push(key);
  }
  const found: Candidate[] = [];
  let next = 0;
  for (; index < paragraphs.length && next < entries.length; index++) {
    const key = entryKey(paragraphs[index] ?? "");
    const position = entries.indexOf(key, next);
    if (position === -1) continue;
    found.push(chapterCandidate(paragraphs[index] ?? "", index));
    next = position + 1;
  }
  return found.length >= 2 && found.length * 2 >= entries.length ? found : [];
}

function isEntry(paragraph: string): boolean {
  const words = paragraph.split(" ").length;
  return words <= ENTRY_WORDS && paragraph.length <= ENTRY_LENGTH && !/[.,;:]$/.test(paragraph);
}

function entryKey(paragraph: string): string {
  return paragraph
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}

function chapterCandidate(title: string, index: number): Candidate {
  return {
    level: "chapter",
    strength: "strong",
    title,
    number: null,
    numberOnly: false,
    index,
    fromIllustration: false,
  };
}
