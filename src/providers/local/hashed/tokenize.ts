/**
 * Words for the hashed embedder: lower-cased runs of letters, digits and marks, with Latin
 * diacritics removed so "Bolkónski" matches the "Bolkonski" a reader types. Unspaced scripts
 * (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) have no word breaks, so each run of them gives
 * its overlapping character bigrams as words, the usual trick of CJK full-text search.
 */
const UNSPACED = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}ー`;
/** Either a run of unspaced-script characters, or a word of anything else. */
const TOKEN = new RegExp(`[${UNSPACED}]+|[[\\p{L}\\p{N}\\p{M}]--[${UNSPACED}]]+`, "gv");
const UNSPACED_RUN = new RegExp(`^[${UNSPACED}]`, "v");
/**
 * Combining accents on Latin letters only: Cyrillic й and ё, the Japanese voicing marks
 * (U+3099/U+309A) and Indic vowel signs are letters of their own, not decoration, so they stay.
 */
const LATIN_DIACRITICS = /(?<=[a-zA-Z])[\u0300-\u036f]+/g;
const NON_ASCII = /[^\p{ASCII}]/u;

export function normaliseForTokens(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.normalize("NFD").replace(LATIN_DIACRITICS, "").normalize("NFC").toLowerCase();
}

/** The words of `text` in order (after normalising), as feature sources. */
export function tokenize(text: string): string[] {
  const normalised = normaliseForTokens(text);
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(normalised); match; match = TOKEN.exec(normalised)) {
    const word = match[0];
    if (!UNSPACED_RUN.test(word)) {
      tokens.push(word);
      continue;
    }
    const characters = Array.from(word);
    if (characters.length === 1) tokens.push(word);
    for (let index = 0; index + 1 < characters.length; index++)
      tokens.push(characters[index]! + characters[index + 1]!);
  }
  return tokens;
}
