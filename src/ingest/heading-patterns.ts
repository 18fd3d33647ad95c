import { isNumberWord, NUMBER_WORDS, numberValue, ORDINAL_WORDS, romanValue } from "./numerals.js";

/**
 * The heading vocabulary every reader shares: chapter and part words in the languages we
 * know, and what a heading looks like with them. `matchHeading` judges a paragraph of body
 * text (strict: capitalised, a number we can read, a capitalised title after it);
 * `isChapterLabel` / `isPartLabel` judge a curated label (a TOC entry, a heading element),
 * where case and layout say less. Deciding which candidates really are chapters is the
 * readers' business.
 */

/** "CHAPTER IV.", "Letter 3", "Stave One", "Kapitel 2", "Hoofdstuk 5", "Rozdział I", "Глава 5". */
export const CHAPTER_WORDS = [
  "chapter",
  "chapt\\.",
  "chap\\.",
  "letter",
  "stave",
  "canto",
  "capítulo",
  "capitulo",
  "cap\\.",
  "capitolo",
  "chapitre",
  "kapitel",
  "kapittel",
  "hoofdstuk",
  "rozdział",
  "глава",
].join("|");
/** "BOOK ONE", "Part II", "Volume 2", "Livre premier", "Erster Teil", "Livro I", "Часть 1". */
export const PART_WORDS = [
  "book",
  "part",
  "volume",
  "vol\\.?",
  "tome",
  "livre",
  "partie",
  "buch",
  "teil",
  "band",
  "libro",
  "livro",
  "parte",
  "tomo",
  "часть",
  "книга",
].join("|");
/**
 * "Section IV" encloses chapters only where structure says so (a TOC entry with children, a
 * heading level of its own); as a paragraph in running text it is as often a sub-division
 * of a chapter, so `matchHeading` does not read it as a part.
 */
export const SECTION_WORDS = "section";
/** Frames of the story, at part level: they may stand alone or hold chapters. */
export const FRAME_WORDS =
  "prologue|epilogue|prólogo|epílogo|prolog|epilog|prologo|epilogo|épilogue";

const CJK_NUMBER = "[0-9０-９〇零一二三四五六七八九十百千两]+";
/** 第三章, 第五回 (Chinese novels), 第二話, 第一节. */
const CJK_CHAPTER = new RegExp(`^第(${CJK_NUMBER})[章回話话节節](.*)$`, "u");
/** 第一部, 第二巻, 第三卷, 第四篇. */
const CJK_PART = new RegExp(`^第(${CJK_NUMBER})[部巻卷篇](.*)$`, "u");

/** A number as body text prints it after a chapter or part word. */
export const NUMBER = `(?:the\\s+)?(?:\\d{1,4}|[ivxlcdm]{1,8}|${NUMBER_WORDS.join("|")})`;
const ORDINAL = `(?:${ORDINAL_WORDS.join("|")})`;
/** After the number: the end, or punctuation, or a space (then a capitalised title). */
const AFTER_NUMBER = "(?=$|[\\s.:,;)\\]\\-–—])";

/** What a single paragraph looks like as a heading. */
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

const CHAPTER = new RegExp(`^(${CHAPTER_WORDS})\\s+(${NUMBER})${AFTER_NUMBER}(.*)$`, "iu");
const ORDINAL_CHAPTER = new RegExp(`^(${ORDINAL})\\s+(${CHAPTER_WORDS})(?=$|[\\s.:,;])(.*)$`, "iu");
const PART = new RegExp(`^(${PART_WORDS})\\s+(${NUMBER})${AFTER_NUMBER}(.*)$`, "iu");
const ORDINAL_PART = new RegExp(
  `^(${ORDINAL})\\s+(${PART_WORDS}|${FRAME_WORDS})(?=$|[\\s.:,;])(.*)$`,
  "iu",
);
const FRAME = new RegExp(`^(${FRAME_WORDS})\\.?(?:\\s*[:.\\-–—]\\s*(.*))?$`, "iu");
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
  const weak = (number: number, numberOnly: boolean): HeadingMatch => ({
    level: "chapter",
    strength: "weak",
    title: text,
    number,
    numberOnly,
  });
  const roman = BARE_ROMAN.exec(text);
  const value = roman ? romanValue(roman[1] ?? "") : null;
  if (value !== null) return weak(value, true);
  const titled = ROMAN_TITLE.exec(text);
  const titledValue = titled && wordCount(text) <= 12 ? romanValue(titled[1] ?? "") : null;
  if (titledValue !== null) return weak(titledValue, false);
  const arabic = BARE_ARABIC.exec(text);
  return arabic ? weak(Number(arabic[1]), true) : null;
}

/**
 * Labels: a chapter or part word and a number token we can read ("Chapter 3", "chapter iv",
 * "Book the Last", "Section 2"), an ordinal before the word ("Erster Teil"), or 第N章 / 第N部.
 * Nothing is required of what follows.
 */
const LABEL_NUMBER = "(?:\\s*(\\d+)|\\s+((?:the\\s+)?[\\p{L}-]+))";
const CHAPTER_LABEL = new RegExp(`^(?:${CHAPTER_WORDS})${LABEL_NUMBER}(.*)$`, "iu");
const PART_LABEL = new RegExp(`^(?:${PART_WORDS}|${SECTION_WORDS})${LABEL_NUMBER}(.*)$`, "iu");
const ORDINAL_CHAPTER_LABEL = new RegExp(`^${ORDINAL}\\s+(?:${CHAPTER_WORDS})(?![\\p{L}])`, "iu");
const ORDINAL_PART_LABEL = new RegExp(`^${ORDINAL}\\s+(?:${PART_WORDS})(?![\\p{L}])`, "iu");

/** What follows a worded label's number, or null when the label is not worded and numbered. */
function labelRest(pattern: RegExp, label: string): string | null {
  const match = pattern.exec(label.trim());
  if (!match) return null;
  const token = match[2];
  const readable = token === undefined || /^the\s/i.test(token) || numberValue(token) !== null;
  return readable ? (match[3] ?? "") : null;
}

export function isChapterLabel(label: string): boolean {
  const text = label.trim();
  return (
    labelRest(CHAPTER_LABEL, text) !== null ||
    ORDINAL_CHAPTER_LABEL.test(text) ||
    CJK_CHAPTER.test(text)
  );
}

/** PART I, Book the Second, Volume 2, Section IV, Erster Teil, 第一部 (not a bare Epilogue). */
export function isPartLabel(label: string): boolean {
  const text = label.trim();
  return (
    labelRest(PART_LABEL, text) !== null || ORDINAL_PART_LABEL.test(text) || CJK_PART.test(text)
  );
}

/** A heading that is only a number or a worded number ("IV.", "Chapter 3", "Part II", 第一章). */
export function isNumberOnlyLabel(label: string): boolean {
  const text = label.trim();
  if (/^(?:\d+|[ivxlcdm]+)\.?$/i.test(text))
    return /^\d/.test(text) || romanValue(text.replace(/\.$/, "")) !== null;
  const rest = labelRest(CHAPTER_LABEL, text) ?? labelRest(PART_LABEL, text);
  if (rest !== null) return /^\.?$/.test(rest.trim());
  const cjk = CJK_CHAPTER.exec(text);
  return cjk !== null && (cjk[2] ?? "").trim() === "";
}
