import type { Bible, Scene } from "../schema.js";
import { escapeRegExp, terms } from "./text.js";

/**
 * Scene headings and moods from the words of the scene: the bible's location named most
 * often (else a place word such as "garden", else the chapter title), INT or EXT from
 * interior and exterior words, the time of day from time words (DAY when none).
 */

const INTERIOR =
  /\b(?:room|rooms|parlour|parlor|drawing-room|library|hall|kitchen|bedroom|chamber|house|study|staircase|stairs|door|window|fire|fireplace|table|chair|sofa|inn|shop|office|church|cottage|cellar|attic|corridor|ballroom|dining-room|carriage|indoors)\b/gi;
const EXTERIOR =
  /\b(?:garden|gardens|road|street|field|fields|wood|woods|forest|park|lawn|river|sea|beach|shore|hill|hills|village|lane|meadow|sky|tree|trees|path|grounds|outside|outdoors|square|bridge|courtyard|yard|country|walk)\b/gi;
const PLACE_NOUNS =
  /\b(?:drawing-room|dining-room|ballroom|parlour|parlor|library|kitchen|bedroom|study|hall|garden|road|street|field|wood|forest|park|river|shore|beach|village|lane|meadow|church|inn|shop|office|cottage|court|courtroom|house|room)\b/gi;
const TIMES: ReadonlyArray<[string, RegExp]> = [
  ["MORNING", /\b(?:morning|dawn|sunrise|breakfast)\b/gi],
  ["AFTERNOON", /\b(?:afternoon|noon)\b/gi],
  ["EVENING", /\b(?:evening|dusk|sunset|twilight|supper|dinner)\b/gi],
  ["NIGHT", /\b(?:night|midnight|moonlight|candlelight|dark)\b/gi],
];

export interface HeadingResult {
  heading: string;
  location: string | null;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

export function sceneHeading(
  text: string,
  bible: Pick<Bible, "locations">,
  chapterTitle: string,
): HeadingResult {
  let best: { id: string; name: string; interior: boolean | null; hits: number } | null = null;
  for (const location of bible.locations) {
    const hits = count(
      text,
      new RegExp(`(?<![\\p{L}])${escapeRegExp(location.name)}(?![\\p{L}])`, "gu"),
    );
    if (hits > 0 && (best === null || hits > best.hits)) best = { ...location, hits };
  }
  const interiorWords = count(text, INTERIOR);
  const exteriorWords = count(text, EXTERIOR);
  const interior =
    best?.interior ??
    (interiorWords > exteriorWords ? true : exteriorWords > interiorWords ? false : null);
  const prefix = interior === true ? "INT." : interior === false ? "EXT." : "INT./EXT.";
  const place = best?.name ?? placeWord(text) ?? titlePlace(chapterTitle);
  return { heading: `${prefix} ${place} - ${timeOfDay(text)}`, location: best?.id ?? null };
}

function placeWord(text: string): string | null {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(PLACE_NOUNS)) {
    const word = match[0].toLowerCase();
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const ranked = [...counts].sort(
    (left, right) => right[1] - left[1] || left[0].localeCompare(right[0]),
  );
  const word = ranked[0]?.[0];
  if (word === undefined) return null;
  return `THE ${word}`.toUpperCase();
}

function titlePlace(title: string): string {
  const clean = title
    .replace(/^\s*(?:chapter|part|book)\s+[\divxlc]+\.?\s*[-—–:.]?\s*/i, "")
    .replace(/\s+/g, " ")
    .replace(/ - /g, " — ")
    .trim();
  return (clean === "" ? "UNKNOWN PLACE" : clean).toUpperCase();
}

function timeOfDay(text: string): string {
  let best = "DAY";
  let bestHits = 0;
  for (const [time, pattern] of TIMES) {
    const hits = count(text, pattern);
    if (hits > bestHits) {
      best = time;
      bestHits = hits;
    }
  }
  return best;
}

const MOOD_WORDS: ReadonlyArray<[Scene["mood"], RegExp]> = [
  ["comic", /^(?:laugh|laughed|laughing|joke|funny|absurd|ridiculous|nonsense|giggle)$/],
  ["romantic", /^(?:love|loved|heart|kiss|tender|affection|admiration|marry|married|marriage)$/],
  ["tense", /^(?:danger|afraid|fear|anxious|sudden|suddenly|threat|alarm|nervous|trembling)$/],
  ["dark", /^(?:death|dead|blood|murder|grave|corpse|kill|killed|horror)$/],
  ["sad", /^(?:tears|grief|sorrow|weep|wept|sobbed|unhappy|miserable|mourning|sad)$/],
  ["mysterious", /^(?:mystery|secret|strange|stranger|shadow|hidden|unknown|puzzle)$/],
  ["whimsical", /^(?:curious|curiouser|queer|riddle|mad|wonder|wonderland|dream|magic)$/],
  ["dramatic", /^(?:scream|screamed|shouted|rage|furious|cried|exclaimed|violent)$/],
  ["cheerful", /^(?:happy|delighted|smile|smiled|merry|pleasure|pleased|cheerful|joy)$/],
];

export function sceneMood(text: string): Scene["mood"] {
  const scores = new Map<Scene["mood"], number>();
  for (const term of terms(text)) {
    for (const [mood, pattern] of MOOD_WORDS) {
      if (pattern.test(term)) scores.set(mood, (scores.get(mood) ?? 0) + 1);
    }
  }
  let best: Scene["mood"] = "calm";
  let bestScore = 1;
  for (const [mood] of MOOD_WORDS) {
    const score = scores.get(mood) ?? 0;
    if (score > bestScore) {
      best = mood;
      bestScore = score;
    }
  }
  return best;
}
