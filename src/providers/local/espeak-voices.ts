import type { Voice, Warning } from "../spec/index.js";
import { pick } from "./stable-hash.js";

/**
 * The eSpeak NG voice catalogue: every language gets the same eight variants (eSpeak's
 * `+m1`, `+f2`, … voice files) with their own pitch, so characters stay distinguishable in
 * any language. A voice id is "<espeak language>+<variant>", e.g. "es+f2" or "en-us+m3".
 */
export interface VoiceVariant {
  variant: string;
  gender: "female" | "male";
  age: "young" | "middle-aged" | "old";
  /** eSpeak pitch, 0–99 (50 is the voice's default). */
  pitch: number;
  description: string;
}

export const VOICE_VARIANTS: readonly VoiceVariant[] = [
  { variant: "m1", gender: "male", age: "middle-aged", pitch: 45, description: "even narrator" },
  { variant: "f2", gender: "female", age: "young", pitch: 62, description: "bright" },
  { variant: "m3", gender: "male", age: "middle-aged", pitch: 28, description: "deep" },
  { variant: "f4", gender: "female", age: "middle-aged", pitch: 48, description: "warm" },
  { variant: "m2", gender: "male", age: "young", pitch: 60, description: "light" },
  { variant: "f3", gender: "female", age: "young", pitch: 70, description: "high" },
  { variant: "grandpa", gender: "male", age: "old", pitch: 35, description: "elderly" },
  { variant: "grandma", gender: "female", age: "old", pitch: 52, description: "elderly" },
];

/** ISO 639-1 (and a few regional tags) → eSpeak language, for languages eSpeak speaks well enough. */
const LANGUAGES: Record<string, { espeak: string; name: string }> = {
  en: { espeak: "en", name: "English" },
  "en-gb": { espeak: "en", name: "English (British)" },
  "en-us": { espeak: "en-us", name: "English (American)" },
  es: { espeak: "es", name: "Spanish" },
  "es-419": { espeak: "es-419", name: "Spanish (Latin America)" },
  fr: { espeak: "fr", name: "French" },
  de: { espeak: "de", name: "German" },
  it: { espeak: "it", name: "Italian" },
  pt: { espeak: "pt", name: "Portuguese" },
  "pt-br": { espeak: "pt-br", name: "Portuguese (Brazil)" },
  nl: { espeak: "nl", name: "Dutch" },
  ru: { espeak: "ru", name: "Russian" },
  uk: { espeak: "uk", name: "Ukrainian" },
  pl: { espeak: "pl", name: "Polish" },
  cs: { espeak: "cs", name: "Czech" },
  sk: { espeak: "sk", name: "Slovak" },
  hu: { espeak: "hu", name: "Hungarian" },
  ro: { espeak: "ro", name: "Romanian" },
  bg: { espeak: "bg", name: "Bulgarian" },
  hr: { espeak: "hr", name: "Croatian" },
  sr: { espeak: "sr", name: "Serbian" },
  sl: { espeak: "sl", name: "Slovenian" },
  el: { espeak: "el", name: "Greek" },
  tr: { espeak: "tr", name: "Turkish" },
  sv: { espeak: "sv", name: "Swedish" },
  da: { espeak: "da", name: "Danish" },
  nb: { espeak: "nb", name: "Norwegian Bokmål" },
  no: { espeak: "nb", name: "Norwegian" },
  fi: { espeak: "fi", name: "Finnish" },
  et: { espeak: "et", name: "Estonian" },
  lv: { espeak: "lv", name: "Latvian" },
  lt: { espeak: "lt", name: "Lithuanian" },
  is: { espeak: "is", name: "Icelandic" },
  ga: { espeak: "ga", name: "Irish" },
  cy: { espeak: "cy", name: "Welsh" },
  ca: { espeak: "ca", name: "Catalan" },
  eu: { espeak: "eu", name: "Basque" },
  la: { espeak: "la", name: "Latin" },
  eo: { espeak: "eo", name: "Esperanto" },
  ar: { espeak: "ar", name: "Arabic" },
  he: { espeak: "he", name: "Hebrew" },
  fa: { espeak: "fa", name: "Persian" },
  hi: { espeak: "hi", name: "Hindi" },
  bn: { espeak: "bn", name: "Bengali" },
  ur: { espeak: "ur", name: "Urdu" },
  ta: { espeak: "ta", name: "Tamil" },
  te: { espeak: "te", name: "Telugu" },
  id: { espeak: "id", name: "Indonesian" },
  ms: { espeak: "ms", name: "Malay" },
  vi: { espeak: "vi", name: "Vietnamese" },
  th: { espeak: "th", name: "Thai" },
  ja: { espeak: "ja", name: "Japanese" },
  ko: { espeak: "ko", name: "Korean" },
  zh: { espeak: "cmn", name: "Chinese (Mandarin)" },
  "zh-cn": { espeak: "cmn", name: "Chinese (Mandarin)" },
  "zh-tw": { espeak: "cmn", name: "Chinese (Mandarin)" },
  yue: { espeak: "yue", name: "Chinese (Cantonese)" },
  sw: { espeak: "sw", name: "Swahili" },
  af: { espeak: "af", name: "Afrikaans" },
};
/** Old or alternative codes people still write. */
const ALIASES: Record<string, string> = { iw: "he", in: "id", "en-uk": "en-gb", cmn: "zh" };

/** The languages listed by `doListVoices` (one entry per eSpeak language). */
const LISTED = Object.entries(LANGUAGES).filter(
  ([code]) => !["en-gb", "no", "zh-cn", "zh-tw"].includes(code),
);

export function listVoices(): Voice[] {
  return LISTED.flatMap(([code, language]) =>
    VOICE_VARIANTS.map((variant) => ({
      voiceId: `${language.espeak}+${variant.variant}`,
      name: `${language.name} ${variant.variant} (${variant.gender}, ${variant.age}, ${variant.description})`,
      gender: variant.gender,
      age: variant.age,
      language: code.split("-")[0] ?? code,
      accent: code === "en" ? "british" : code === "en-us" ? "american" : undefined,
      description: `eSpeak NG ${language.name}, ${variant.description} ${variant.gender} voice`,
      family: `espeak+${variant.variant}`,
    })),
  );
}

export interface ResolvedVoice {
  /** What eSpeak is given, e.g. "es+f2". */
  espeakVoice: string;
  language: string;
  variant: VoiceVariant;
  warnings: Warning[];
}

const VOICE_ID = /^([a-z]{2,3}(?:-[a-z0-9]{2,8})*)\+([a-z0-9]+)$/i;

/**
 * The eSpeak voice for a call. The book's language wins over the voice id's language but the
 * variant is kept, so a character sounds alike across books; an id that is not an eSpeak
 * voice (say, an ElevenLabs id after a fallback) picks a variant from its hash, so each
 * character still keeps one voice of its own.
 */
export function resolveVoice(voiceId: string, languageCode?: string): ResolvedVoice {
  const warnings: Warning[] = [];
  const parsed = VOICE_ID.exec(voiceId.trim());
  const named = VOICE_VARIANTS.find(
    (candidate) => candidate.variant === parsed?.[2]?.toLowerCase(),
  );
  const variant = named ?? pick(VOICE_VARIANTS, voiceId);
  if (!named)
    warnings.push({
      type: "other",
      message: `"${voiceId}" is not one of the eSpeak voices; using the ${variant.variant} variant (chosen from the id, so it stays the same)`,
    });
  const voiceLanguage = parsed?.[1]?.toLowerCase();
  const voiceEspeak = voiceLanguage ? espeakLanguage(voiceLanguage) : undefined;
  let language = voiceEspeak ?? "en";
  if (voiceLanguage && !voiceEspeak && !languageCode)
    warnings.push({
      type: "other",
      message: `eSpeak has no language "${voiceLanguage}" (from voice "${voiceId}"); speaking English instead`,
    });
  if (languageCode) {
    const wanted = normaliseCode(languageCode);
    const base = wanted.split("-")[0] ?? wanted;
    const entry = LANGUAGES[wanted] ?? LANGUAGES[base];
    if (!entry) {
      warnings.push({
        type: "unsupported-setting",
        setting: "languageCode",
        message: `eSpeak has no voice for language "${languageCode}"; speaking English instead`,
      });
      language = "en";
    } else if (!(voiceEspeak && sameLanguage(voiceEspeak, entry.espeak))) {
      language = entry.espeak;
    }
  }
  return { espeakVoice: `${language}+${variant.variant}`, language, variant, warnings };
}

function normaliseCode(code: string): string {
  const lower = code.trim().toLowerCase().replace(/_/g, "-");
  return ALIASES[lower] ?? lower;
}

function espeakLanguage(code: string): string | undefined {
  const normal = normaliseCode(code);
  return (
    LANGUAGES[normal]?.espeak ??
    (Object.values(LANGUAGES).some((entry) => entry.espeak === normal) ? normal : undefined)
  );
}

/** "en-us" and "en" are the same language (the voice's accent is kept); "cmn" and "zh" too. */
function sameLanguage(voiceLanguage: string, espeak: string): boolean {
  const base = (code: string): string => (espeakLanguage(code) ?? code).split("-")[0] ?? code;
  return base(voiceLanguage) === base(espeak);
}
