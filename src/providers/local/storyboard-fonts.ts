import type { Warning } from "../spec/index.js";

type CanvasModule = typeof import("@napi-rs/canvas");

/**
 * Fonts for drawn frames. Skia falls back glyph by glyph along a CSS family list, so the list
 * names a Latin face first and then every face we know that covers other scripts; whatever
 * is installed gets used. Characters no installed font covers are found by drawing them and
 * comparing with the "missing glyph" box, and reported as a warning instead of failing.
 */
const PREFERRED_FAMILIES = [
  "DejaVu Sans",
  "Noto Sans",
  "Liberation Sans",
  "Arial",
  "Helvetica",
  "Noto Sans CJK JP",
  "Noto Sans CJK SC",
  "Noto Sans CJK KR",
  "Noto Sans JP",
  "Noto Sans SC",
  "Source Han Sans",
  "WenQuanYi Zen Hei",
  "WenQuanYi Micro Hei",
  "Droid Sans Fallback",
  "IPAGothic",
  "TakaoGothic",
  "NanumGothic",
  "Noto Sans Arabic",
  "Noto Sans Hebrew",
  "Noto Sans Devanagari",
  "Noto Sans Thai",
  "FreeSans",
  "Unifont",
];

/** A code point no font defines (unassigned), so every font draws its missing-glyph box. */
const NEVER_DEFINED = "\u0378";

const loadedDirectories = new Set<string>();
const coverage = new Map<string, boolean>();

export interface FontSet {
  /** CSS family list for `ctx.font`. */
  family: string;
}

export function prepareFonts(canvas: CanvasModule, fontsDir?: string): FontSet {
  if (fontsDir && !loadedDirectories.has(fontsDir)) {
    canvas.GlobalFonts.loadFontsFromDir(fontsDir);
    loadedDirectories.add(fontsDir);
  }
  const installed = new Set(canvas.GlobalFonts.families.map((entry) => entry.family));
  // Known faces first (a steady Latin face, then wide coverage), then anything else that is
  // installed (e.g. what fontsDir brought), so a glyph is drawn whenever some font has it.
  const known = PREFERRED_FAMILIES.filter((name) => installed.has(name));
  const others = [...installed].filter((name) => !PREFERRED_FAMILIES.includes(name)).sort();
  const family = [...known, ...others]
    .map((name) => `"${name.replace(/"/g, "")}"`)
    .concat("sans-serif")
    .join(", ");
  return { family };
}

/** Warnings for characters of `text` that no installed font can draw. */
export function missingGlyphWarnings(
  canvas: CanvasModule,
  fonts: FontSet,
  text: string,
): Warning[] {
  const unique = [...new Set(text.replace(/[\s!-~]/g, ""))].slice(0, 400);
  const missing = unique.filter((character) => !isCovered(canvas, fonts, character));
  if (missing.length === 0) return [];
  const scripts = [...new Set(missing.map(scriptName))].join(", ");
  const hint = /Han|Hiragana|Katakana|Hangul/.test(scripts)
    ? "install a CJK font (Debian: fonts-noto-cjk) or pass fontsDir"
    : "install a font that covers it (e.g. the Noto family) or pass fontsDir";
  return [
    {
      type: "other",
      message: `no installed font covers ${scripts} text (e.g. "${missing.slice(0, 5).join("")}"); those characters are drawn as boxes: ${hint}`,
    },
  ];
}

function isCovered(canvas: CanvasModule, fonts: FontSet, character: string): boolean {
  const key = `${fonts.family}\u0000${character}`;
  const known = coverage.get(key);
  if (known !== undefined) return known;
  const covered = !samePixels(
    glyphPixels(canvas, fonts, character),
    glyphPixels(canvas, fonts, NEVER_DEFINED),
  );
  coverage.set(key, covered);
  return covered;
}

function glyphPixels(canvas: CanvasModule, fonts: FontSet, character: string): Uint8ClampedArray {
  const size = 32;
  const surface = canvas.createCanvas(size, size);
  const context = surface.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, size, size);
  context.fillStyle = "#000000";
  context.font = `24px ${fonts.family}`;
  context.fillText(character, 2, 26);
  return context.getImageData(0, 0, size, size).data;
}

function samePixels(left: Uint8ClampedArray, right: Uint8ClampedArray): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

const SCRIPTS: Array<[string, RegExp]> = [
  ["Han", /\p{Script=Han}/u],
  ["Hiragana", /\p{Script=Hiragana}/u],
  ["Katakana", /\p{Script=Katakana}/u],
  ["Hangul", /\p{Script=Hangul}/u],
  ["Arabic", /\p{Script=Arabic}/u],
  ["Hebrew", /\p{Script=Hebrew}/u],
  ["Devanagari", /\p{Script=Devanagari}/u],
  ["Bengali", /\p{Script=Bengali}/u],
  ["Tamil", /\p{Script=Tamil}/u],
  ["Thai", /\p{Script=Thai}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Ethiopic", /\p{Script=Ethiopic}/u],
  ["CJK punctuation", /[\u3000-\u303f\uff00-\uffef]/u],
];

function scriptName(character: string): string {
  return SCRIPTS.find(([, pattern]) => pattern.test(character))?.[0] ?? "other";
}
