import type { ChapterKind } from "./types.js";

/**
 * Shared chapter rules used by every format reader: front/back matter by title, the opening
 * words of a chapter, word counts.
 */

const FRONT_TITLES = [
  /^(table of )?contents?\.?$/i,
  /^(list of )?(illustrations|figures|plates)\.?$/i,
  /^copyright( page)?\.?$/i,
  /^dedication\.?$/i,
  /^(title ?page|half ?title|cover|frontispiece)\.?$/i,
  /^(preface|foreword|prefatory note|translator'?s? (preface|note|introduction)|editor'?s? (preface|note|introduction)|author'?s? (preface|note))\b/i,
  /^(acknowledge?ments?|epigraph|imprint|about this (e-?book|edition))\.?$/i,
  /^(original )?transcriber'?s? notes?\.?$/i,
  /^(the )?project gutenberg/i,
  /^(inhalt|inhaltsverzeichnis|vorwort|widmung|índice|indice|pr[oó]logo( al lector)?|dedicatoria|sommaire|table des matières|préface|目次|表紙|序)\.?$/i,
];

const BACK_TITLES = [
  /^(the )?end\.?$/i,
  /^(end ?notes|notes|footnotes|bibliography|references|glossary|index|colophon|uncopyright|afterword|appendix)\b\.?/i,
  /^about the (author|publisher|translator)\.?$/i,
  /^(also by|other books by)\b/i,
  /^(the )?(full )?project gutenberg (license|licence)/i,
  /^(start: )?full license\.?$/i,
  /^(fin|ende|fine|finis)\.?$/i,
  // The same back matter in other languages: notes, sources, bibliographies, appendices.
  /^(einzelnachweise|anmerkungen|literatur(verzeichnis)?|literarische ergänzungen|ergänzungen|nachträge|quellen(verzeichnis)?|anhang|nachwort|register)\b/i,
  /^(bibliographie|annexes?|postface|notes de fin)\b/i,
  /^(notas|bibliografía|bibliografia|apéndice|apendice|índice alfabético|glosario)\b/i,
  // Japanese: "about this document" (the Aozora Bunko colophon), colophon, back matter.
  /^(この文書について|奥付|後付|あとがき|参考文献)/,
];

/** Front or back matter judged from a title alone; null when the title says nothing. */
export function classifyTitle(title: string): ChapterKind | null {
  const clean = title
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
  if (FRONT_TITLES.some((pattern) => pattern.test(clean))) return "front";
  if (BACK_TITLES.some((pattern) => pattern.test(clean))) return "back";
  return null;
}

/** Scripts written without spaces between words: opening text is counted in characters. */
const UNSPACED_SCRIPT = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]/;
const UNSPACED_CHAR = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]/g;

export const OPENING_WORDS = 12;
export const OPENING_CHARACTERS = 25;

/**
 * The first 12 words of the prose (25 characters for scripts without word spaces), skipping
 * `[Illustration…]` blocks and whitespace. Input is a chapter's body text.
 */
export function openingWords(text: string): string {
  const prose = stripIllustrations(text).replace(/\s+/g, " ").trim();
  const head = prose.slice(0, 400);
  const unspaced = (head.match(UNSPACED_CHAR) ?? []).length;
  if (UNSPACED_SCRIPT.test(head) && unspaced > head.length / 3) {
    return Array.from(prose.replace(/\s+/g, "")).slice(0, OPENING_CHARACTERS).join("");
  }
  return prose.split(" ").slice(0, OPENING_WORDS).join(" ");
}

/** Removes `[Illustration: …]` blocks, which may span lines and nest brackets once. */
export function stripIllustrations(text: string): string {
  return text.replace(/\[\s*Illustrations?(?:[^\][]|\[[^\]]*\])*\]/gi, " ");
}

/** Words: whitespace-separated tokens, plus one per character in unspaced scripts. */
export function countWords(text: string): number {
  let words = 0;
  for (const token of text.split(/\s+/)) {
    if (token === "") continue;
    const unspaced = token.match(UNSPACED_CHAR);
    words += unspaced ? unspaced.length + (token.length > unspaced.length ? 1 : 0) : 1;
  }
  return words;
}
