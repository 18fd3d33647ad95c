import type { Voice } from "../spec/index.js";

/** The parts of an ElevenLabs voice that litink reads (SDK shape, camelCase). */
export interface ElevenLabsVoiceLike {
  voiceId: string;
  name?: string;
  labels?: Record<string, string>;
  description?: string;
  verifiedLanguages?: Array<{ language?: string }>;
}

/**
 * Voice labels are free-form strings whose spelling varies ("middle aged", "middle_aged",
 * "Middle-Aged"); voice choice must match on one vocabulary, so normalise here, once.
 */
export function normalizeVoice(voice: ElevenLabsVoiceLike): Voice {
  const labels = lowerCaseKeys(voice.labels ?? {});
  const gender = normalizeGender(labels.gender);
  const age = normalizeAge(labels.age);
  const accent = cleanLabel(labels.accent);
  const language = normalizeLanguage(labels.language) ?? firstVerifiedLanguage(voice);
  const description =
    cleanText(voice.description) ?? cleanLabel(labels.description ?? labels.descriptive);
  return {
    voiceId: voice.voiceId,
    name: cleanText(voice.name) ?? voice.voiceId,
    ...(gender ? { gender } : {}),
    ...(age ? { age } : {}),
    ...(accent ? { accent } : {}),
    ...(language ? { language } : {}),
    ...(description ? { description } : {}),
  };
}

export function normalizeGender(value: string | undefined): Voice["gender"] {
  const label = cleanLabel(value);
  if (!label) return undefined;
  if (["female", "woman", "f"].includes(label)) return "female";
  if (["male", "man", "m"].includes(label)) return "male";
  if (["neutral", "non-binary", "nonbinary", "androgynous"].includes(label)) return "neutral";
  return undefined;
}

export function normalizeAge(value: string | undefined): Voice["age"] {
  const label = cleanLabel(value);
  if (!label) return undefined;
  if (["child", "kid", "children"].includes(label)) return "child";
  if (["young", "young adult", "teen", "teenager"].includes(label)) return "young";
  if (["middle-aged", "middle age", "middle-age", "adult"].includes(label)) return "middle-aged";
  if (["old", "elderly", "senior", "older"].includes(label)) return "old";
  return undefined;
}

/** ISO 639-1 when the label is one ("en", "en-US" → "en"); other spellings are kept, cleaned. */
function normalizeLanguage(value: string | undefined): string | undefined {
  const label = cleanLabel(value);
  if (!label) return undefined;
  const code = /^([a-z]{2})(?:[-_ ][a-z0-9]+)?$/.exec(label);
  return code?.[1] ?? label;
}

function firstVerifiedLanguage(voice: ElevenLabsVoiceLike): string | undefined {
  for (const entry of voice.verifiedLanguages ?? []) {
    const language = normalizeLanguage(entry.language);
    if (language) return language;
  }
  return undefined;
}

/** Lower case, "_" and runs of spaces → one space, then "middle aged" → "middle-aged". */
function cleanLabel(value: string | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  const label = value
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, " ");
  if (label === "") return undefined;
  return label.replace(/^middle aged$/, "middle-aged").replace(/^non binary$/, "non-binary");
}

function cleanText(value: string | undefined): string | undefined {
  const text = typeof value === "string" ? value.trim() : "";
  return text === "" ? undefined : text;
}

function lowerCaseKeys(labels: Record<string, string>): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value === "string") result[key.trim().toLowerCase().replace(/\s+/g, "_")] = value;
  }
  return result;
}
