import { isNumberWord, NUMBER_WORDS, numberValue, ORDINAL_WORDS, romanValue } from "./numerals.js";

/**
 * What a single paragraph looks like as a heading. Patterns only; deciding which candidates
 * really are chapters (tables of contents, sequences, front/back matter) happens in
 * heading-candidates.ts.
 */
export interface HeadingMatch {
  /** chapter: a numbered chapter (or letter, stave…); part: BOOK/PART/VOLUME/EPILOGUE… */
  level: "chapter" | "part";
  /** weak: a bare numeral ("II"), trusted only when nothing stronger exists. */
  strength: "strong" | "weak";
  title: string;
  number: number | null;
  /** True when nothing follows the number, so the next paragraph may hold the title. */
  numberOnly: boolean;
}

const CHAPTER_WORDS =
  "chapter|chapt\\.|chap\\.|letter|stave|canto|capítulo|capitulo|cap\\.|kapitel|chapitre|capitolo|hoofdstuk|kapittel|глава|rozdział";
const PART_WORDS = "book|part|volume|vol\\.|tome|livre|buch|teil|libro|parte|tomo|partie|band";
const FRAME_WORDS = "prologue|epilogue|prólogo|epílogo|prolog|epilog|prologo|epilogo|épilogue";
const NUMBER = `(?:the\\s+)?(?:\\d{1,4}|[ivxlcdm]{1,8}|${NUMBER_WORDS.join("|")})`;
const ORDINAL = `(?:${ORDINAL_WORDS.join("|")})`;
/** After the number: the end, or punctuation, or a space (then a capitalised title). */
const AFTER_NUMBER = "(?=$|[\\s.:,;)\\]\\-–—])";

const CHAPTER = new RegExp(`^(${CHAPTER_WORDS})\\s+(${NUMBER})${AFTER_NUMBER}(.*)$`, "iu");
const ORDINAL_CHAPTER = new RegExp(
  `^(${ORDINAL})\\s+(kapitel|chapter|capítulo|chapitre)\\b(.*)$`,
  "iu",
);
const PART = new RegExp(`^(${PART_WORDS})\\s+(${NUMBER})${AFTER_NUMBER}(.*)$`, "iu");
const ORDINAL_PART = new RegExp(
  `^(${ORDINAL})\\s+(${PART_WORDS}|${FRAME_WORDS})(?=$|[\\s.:,;])(.*)$`,
  "iu",
);
const FRAME = new RegExp(`^(${FRAME_WORDS})\\.?(?:\\s*[:.\\-–—]\\s*(.*))?$`, "iu");
const CJK_CHAPTER = /^第([0-9０-９〇零一二三四五六七八九十百千两]+)[章回話话节節](.*)$/u;
const CJK_PART = /^第([0-9０-９〇零一二三四五六七八九十百千两]+)[部巻卷篇](.*)$/u;
const BARE_ROMAN = /^([IVXLC]{1,7})\.?$/;
const BARE_ARABIC = /^(\d{1,3})\.?$/;
/** "I. A SCANDAL IN BOHEMIA": a Roman numeral, a full stop and a short capitalised title. */
const ROMAN_TITLE = /^([IVXLC]{1,7})\.\s+(\p{Lu}[^.!?]{0,80})$/u;
/** A second chapter marker inside a heading's title means a whole contents list in one paragraph. */
const INNER_MARKER = new RegExp(`\\s(?:${CHAPTER_WORDS})\\s+${NUMBER}${AFTER_NUMBER}`, "iu");

/** French title pages print the part in brackets under the book title: "(Première partie)". */
const BRACKETED = /^[([]\s*(.+?)\s*[)\]]$/u;

const MAX_CHAPTER_WORDS = 60;
const MAX_PART_WORDS = 16;

function startsUpper(text: string): boolean {
  const first = text.charAt(0);
  return first !== first.toLowerCase() || /^[\d第]/.test(text);
}

/** The number token is a number we know (rejects words like "mix" posing as Roman numerals). */
function validNumber(token: string): boolean {
  const clean = token.replace(/^the\s+/i, "");
  if (/^\d+$/.test(clean) || isNumberWord(clean)) return true;
  const sameCase = clean === clean.toUpperCase() || /^[ivxl]+$/.test(clean);
  return sameCase && romanValue(clean) !== null;
}

/** What follows the number must be punctuation then anything, or a capitalised title. */
function validRest(rest: string): boolean {
  if (rest === "") return true;
  if (/^[.:,;)\]\-–—]/.test(rest)) return true;
  const title = rest.trimStart();
  return title === "" || /^[\p{Lu}\d"“‘'(¡¿]/u.test(title);
}

function wordCount(text: string): number {
  let words = 0;
  let inWord = false;
  for (let position = 0; position < text.length; position++) {
    const space = text.charCodeAt(position) <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

export function matchHeading(paragraph: string): HeadingMatch | null {
  const text = paragraph.trim();
  if (text === "" || text.length > 500) return null;
  const words = wordCount(text);
  if (!startsUpper(text)) {
    const inner = BRACKETED.exec(text)?.[1];
    return inner && startsUpper(inner) && words <= MAX_PART_WORDS ? matchPart(inner) : null;
  }
  return (
    matchChapter(text, words) ??
    (words <= MAX_PART_WORDS ? matchPart(text) : null) ??
    matchBare(text)
  );
}

function matchChapter(text: string, words: number): HeadingMatch | null {
  if (words > MAX_CHAPTER_WORDS) return null;
  const numbered = CHAPTER.exec(text);
  if (numbered && validNumber(numbered[2] ?? "") && validRest(numbered[3] ?? "")) {
    return chapter(text, numberValue(numbered[2] ?? ""), numbered[3] ?? "");
  }
  const ordinal = ORDINAL_CHAPTER.exec(text);
  if (ordinal) return chapter(text, numberValue(ordinal[1] ?? ""), ordinal[3] ?? "");
  const cjk = CJK_CHAPTER.exec(text);
  if (cjk) return chapter(text, numberValue(cjk[1] ?? ""), cjk[2] ?? "");
  return null;
}

function chapter(text: string, number: number | null, rest: string): HeadingMatch | null {
  if (INNER_MARKER.test(text)) return null;
  const numberOnly = rest.replace(/[\s.:,;\-–—]/g, "") === "";
  return { level: "chapter", strength: "strong", title: text, number, numberOnly };
}

function matchPart(text: string): HeadingMatch | null {
  const numbered = PART.exec(text);
  if (numbered && validNumber(numbered[2] ?? "") && validRest(numbered[3] ?? "")) {
    return part(text, numberValue(numbered[2] ?? ""));
  }
  const ordinal = ORDINAL_PART.exec(text);
  if (ordinal) return part(text, numberValue(ordinal[1] ?? ""));
  if (FRAME.test(text)) return part(text, null);
  const cjk = CJK_PART.exec(text);
  if (cjk) return part(text, numberValue(cjk[1] ?? ""));
  return null;
}

function part(text: string, number: number | null): HeadingMatch {
  return { level: "part", strength: "strong", title: text, number, numberOnly: false };
}

function matchBare(text: string): HeadingMatch | null {
  const roman = BARE_ROMAN.exec(text);
  const value = roman ? romanValue(roman[1] ?? "") : null;
  if (roman && value !== null)
    return { level: "chapter", strength: "weak", title: text, number: value, numberOnly: true };
  const titled = ROMAN_TITLE.exec(text);
  const titledValue = titled && wordCount(text) <= 12 ? romanValue(titled[1] ?? "") : null;
  if (titledValue !== null)
    return {
      level: "chapter",
      strength: "weak",
      title: text,
      number: titledValue,
      numberOnly: false,
    };
  const arabic = BARE_ARABIC.exec(text);
  if (arabic)
    return {
      level: "chapter",
      strength: "weak",
      title: text,
      number: Number(arabic[1]),
      numberOnly: true,
    };
  return null;
}

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
