/**
 * Book language as an ISO 639-1 code: from a name ("English", "Spanish", "Deutsch") when a
 * header gives one, else a guess from the commonest short words of the text.
 */
const NAMES: Record<string, string> = {
  english: "en",
  spanish: "es",
  español: "es",
  castellano: "es",
  german: "de",
  deutsch: "de",
  french: "fr",
  français: "fr",
  francais: "fr",
  italian: "it",
  italiano: "it",
  portuguese: "pt",
  português: "pt",
  dutch: "nl",
  nederlands: "nl",
  latin: "la",
  finnish: "fi",
  suomi: "fi",
  swedish: "sv",
  svenska: "sv",
  danish: "da",
  dansk: "da",
  norwegian: "no",
  norsk: "no",
  russian: "ru",
  polish: "pl",
  polski: "pl",
  czech: "cs",
  hungarian: "hu",
  magyar: "hu",
  greek: "el",
  chinese: "zh",
  japanese: "ja",
  korean: "ko",
  esperanto: "eo",
  catalan: "ca",
  català: "ca",
  welsh: "cy",
  irish: "ga",
  tagalog: "tl",
  icelandic: "is",
  romanian: "ro",
  ukrainian: "uk",
  hebrew: "he",
  arabic: "ar",
  turkish: "tr",
};

/** "English" → "en"; a header naming several languages ("English and French") gives the first. */
export function languageCode(name: string | null): string | null {
  if (name === null) return null;
  const clean = name.trim().toLowerCase();
  if (/^[a-z]{2}(?:[-_][a-z]{2,4})?$/.test(clean)) return clean.slice(0, 2);
  const first = clean.split(/[\s,;/]+/)[0] ?? "";
  return NAMES[first] ?? null;
}

/** Frequent function words that are rare in the other languages listed. */
const MARKERS: Record<string, string[]> = {
  en: ["the", "and", "of", "to", "was", "that", "with", "his", "her", "which"],
  es: ["que", "de", "y", "los", "las", "del", "por", "con", "una", "para"],
  de: ["und", "der", "die", "das", "nicht", "ist", "sich", "mit", "dem", "ein"],
  fr: ["le", "les", "et", "des", "est", "une", "dans", "qui", "pas", "du"],
  it: ["il", "che", "di", "e", "non", "per", "una", "della", "gli", "sono"],
  pt: ["que", "não", "uma", "os", "com", "para", "do", "da", "em", "se"],
  nl: ["de", "het", "een", "en", "van", "niet", "dat", "zijn", "ik", "met"],
  ru: ["и", "в", "не", "на", "что", "он", "как", "его", "она", "но"],
};
const SAMPLE_CHARACTERS = 60_000;

/** A guess from word frequencies; null when the text is too short or nothing stands out. */
export function guessLanguage(text: string): string | null {
  const sample = text.slice(0, SAMPLE_CHARACTERS).toLowerCase();
  if (/[\u3040-\u30ff]/.test(sample)) return "ja";
  if (/[\u4e00-\u9fff]{20}/.test(sample)) return "zh";
  if (/[\uac00-\ud7af]{20}/.test(sample)) return "ko";
  const counts = new Map<string, number>();
  for (const word of sample.match(/\p{L}+/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  let best: string | null = null;
  let bestScore = 0;
  let total = 0;
  for (const [language, words] of Object.entries(MARKERS)) {
    const score = words.reduce((sum, word) => sum + (counts.get(word) ?? 0), 0);
    total += score;
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  return bestScore >= 20 && bestScore > total * 0.3 ? best : null;
}
