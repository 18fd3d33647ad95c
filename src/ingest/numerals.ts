/**
 * Numbers as books print them in headings: Roman and Arabic numerals, and number words in the
 * languages whose chapter words we know. Values let the detector check that bare numerals
 * form a sequence; a heading whose number has no known value is still a heading.
 */

const ROMAN = /^(?=[MDCLXVI])M{0,3}(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$/i;
const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

export function romanValue(token: string): number | null {
  if (!ROMAN.test(token)) return null;
  const letters = token.toUpperCase();
  let total = 0;
  for (let position = 0; position < letters.length; position++) {
    const value = ROMAN_VALUES[letters.charAt(position)] ?? 0;
    const next = ROMAN_VALUES[letters.charAt(position + 1)] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

const ENGLISH_UNITS = [
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const ENGLISH_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const ENGLISH_ORDINALS = [
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
  "nineteenth",
  "twentieth",
];

/** Ordinals in other languages, by value (gender variants share a value). */
const FOREIGN_ORDINALS: Array<[number, string[]]> = [
  [
    1,
    [
      "primero",
      "primera",
      "primer",
      "erstes",
      "erster",
      "erste",
      "premier",
      "première",
      "primo",
      "prima",
    ],
  ],
  [
    2,
    [
      "segundo",
      "segunda",
      "zweites",
      "zweiter",
      "zweite",
      "deuxième",
      "second",
      "seconde",
      "secondo",
      "seconda",
    ],
  ],
  [3, ["tercero", "tercera", "drittes", "dritter", "dritte", "troisième", "terzo", "terza"]],
  [4, ["cuarto", "cuarta", "viertes", "vierter", "vierte", "quatrième", "quarto", "quarta"]],
  [5, ["quinto", "quinta", "fünftes", "fünfter", "fünfte", "cinquième"]],
  [6, ["sexto", "sexta", "sechstes", "sechster", "sechste", "sixième", "sesto", "sesta"]],
  [
    7,
    [
      "séptimo",
      "séptima",
      "siebentes",
      "siebtes",
      "siebter",
      "siebte",
      "septième",
      "settimo",
      "settima",
    ],
  ],
  [8, ["octavo", "octava", "achtes", "achter", "achte", "huitième", "ottavo", "ottava"]],
  [9, ["noveno", "novena", "neuntes", "neunter", "neunte", "neuvième", "nono", "nona"]],
  [10, ["décimo", "décima", "zehntes", "zehnter", "zehnte", "dixième", "decimo", "decima"]],
];

const WORD_VALUES = new Map<string, number>();
for (const words of [ENGLISH_UNITS, ENGLISH_ORDINALS]) {
  for (const [position, word] of words.entries()) WORD_VALUES.set(word, position + 1);
}
for (const [position, tens] of ENGLISH_TENS.entries()) {
  const base = (position + 2) * 10;
  WORD_VALUES.set(tens, base);
  for (let unit = 0; unit < 9; unit++) {
    WORD_VALUES.set(`${tens}-${ENGLISH_UNITS[unit]}`, base + unit + 1);
    WORD_VALUES.set(`${tens}-${ENGLISH_ORDINALS[unit]}`, base + unit + 1);
  }
}
for (const [value, words] of FOREIGN_ORDINALS)
  for (const word of words) WORD_VALUES.set(word, value);

/** Every number word we know, longest first so that alternation prefers "twenty-one" to "twenty". */
export const NUMBER_WORDS = [...WORD_VALUES.keys()].sort(
  (left, right) => right.length - left.length,
);

/** Ordinal words only (used before a part or chapter word: "FIRST EPILOGUE", "Erstes Kapitel"). */
export const ORDINAL_WORDS = [
  ...ENGLISH_ORDINALS,
  ...FOREIGN_ORDINALS.flatMap(([, words]) => words),
].sort((left, right) => right.length - left.length);

const CJK_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CJK_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

function cjkValue(token: string): number | null {
  if (/^[0-9０-９]+$/.test(token))
    return Number(token.replace(/[０-９]/g, (digit) => String(digit.charCodeAt(0) - 0xff10)));
  let total = 0;
  let pending = 0;
  for (const character of token) {
    const digit = CJK_DIGITS[character];
    const unit = CJK_UNITS[character];
    if (digit !== undefined) pending = pending * 10 + digit;
    else if (unit !== undefined) {
      total += (pending || 1) * unit;
      pending = 0;
    } else return null;
  }
  return total + pending;
}

export function isNumberWord(token: string): boolean {
  return WORD_VALUES.has(token.toLowerCase());
}

/** The value of a number token ("XIV", "14", "fourteen", "primero", "十四"), or null. */
export function numberValue(token: string): number | null {
  const clean = token.replace(/\.$/, "");
  if (/^\d+$/.test(clean)) return Number(clean);
  const roman = romanValue(clean);
  if (roman !== null) return roman;
  const word = WORD_VALUES.get(clean.toLowerCase().replace(/^the\s+/, ""));
  if (word !== undefined) return word;
  return cjkValue(clean);
}
