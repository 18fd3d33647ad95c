import { CHAPTER_WORDS, PART_WORDS, SECTION_WORDS } from "../heading-patterns.js";
import { NUMBER_WORDS } from "../numerals.js";
import { expandLigatures } from "./page-lines.js";

const LABEL_WORDS = `${CHAPTER_WORDS}|${PART_WORDS}|${SECTION_WORDS}`;
/** NUMBER_WORDS is longest first, so 'SEVENTEEN' wins over 'SEVEN' in a glued label. */
const GLUED_NUMBER = new RegExp(
  `^((?:${LABEL_WORDS})\\s+(?:${NUMBER_WORDS.join("|")}))(?=\\p{Lu}{2})`,
  "iu",
);
const NUMBER_WORD_SET = new Set(NUMBER_WORDS);

/**
 * Tidies a bookmark or heading label: control characters that some producers use as line
 * breaks (vertical tab) become spaces, ligatures are expanded, and a number word glued to
 * the title ('CHAPTER ONETHE EVE OF THE WAR') is split off.
 */
export function cleanLabel(raw: string): string {
  const spaced = expandLigatures(raw)
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  // Only all-capital labels are split: there a word boundary cannot be seen in the case.
  if (spaced.toUpperCase() !== spaced) return spaced;
  const glued = GLUED_NUMBER.exec(spaced);
  if (!glued?.[1]) return spaced;
  const gluedToken =
    spaced
      .slice(spaced.indexOf(" ") + 1)
      .split(" ")[0]
      ?.toLowerCase() ?? "";
  if (NUMBER_WORD_SET.has(gluedToken)) return spaced;
  return `${glued[1]} ${spaced.slice(glued[1].length)}`;
}
