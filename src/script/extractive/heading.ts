import type { Bible, Scene } from "../schema.js";
import { escapeRegExp, terms } from "./text.js";

/**
 * Scene headings and moods. The heading is read from the scene's NARRATION only (a place
 * named inside a quote is talked about, not stood in): a place the narration puts people at,
 * in, into, to or from ("entered the assembly-room", "at Longbourn") wins, earliest first;
 * else the setting noun named most; else the chapter's title. A bible location becomes the
 * scene's `location` only when the narration puts the scene there. INT or EXT from the place,
 * else from interior and exterior words; the time of day from time words (DAY when none).
 */

const INTERIOR =
  /\b(?:room|rooms|parlour|parlor|drawing-room|library|hall|kitchen|bedroom|chamber|house|study|staircase|stairs|door|window|fire|fireplace|table|chair|sofa|inn|shop|office|church|cottage|cellar|attic|corridor|ballroom|ball-room|assembly-room|dining-room|carriage|indoors)\b/gi;
const EXTERIOR =
  /\b(?:garden|gardens|road|street|field|fields|wood|woods|forest|park|lawn|river|sea|beach|shore|hill|hills|village|lane|meadow|sky|tree|trees|path|grounds|outside|outdoors|square|bridge|courtyard|yard|country|walk)\b/gi;
/** Setting nouns, and whether each is inside. */
const SETTINGS: Readonly<Record<string, boolean>> = Object.fromEntries([
  ...(
    "assembly-room assembly ball-room ballroom drawing-room dining-room breakfast-room sitting-room " +
    "parlour parlor library kitchen bedroom study hall church inn shop office cottage " +
    "courtroom court carriage chaise coach cabin cellar attic house room chamber"
  )
    .split(" ")
    .map((word) => [word, true] as const),
  ...(
    "garden shrubbery road street field wood woods forest park river shore beach village " +
    "lane meadow lawn square bridge courtyard"
  )
    .split(" ")
    .map((word) => [word, false] as const),
]);
const SETTING_PATTERN = new RegExp(
  `\\b(${Object.keys(SETTINGS)
    .sort((left, right) => right.length - left.length)
    .join("|")})\\b`,
  "gi",
);
/** Setting nouns too general to name a place by themselves. */
const GENERIC = new Set(["room", "house", "chamber", "hall", "court"]);
/** Words that put the scene at a place: "at", "into", "entered", "the door of". */
const ARRIVAL =
  /(?:\b(?:at|in|into|to|from|within|inside|reached|entered|left|the\s+door\s+of)\s+(?:(?:the|a|an|his|her|their|our|my)\s+(?:\p{Ll}+\s+)?)?)$/iu;
/** Spellings of one setting. */
const SAME_SETTING: Readonly<Record<string, string>> = {
  assembly: "assembly-room",
  ballroom: "ball-room",
  parlor: "parlour",
  woods: "wood",
};
const TIMES: ReadonlyArray<[string, RegExp]> = [
  ["MORNING", /\b(?:morning|dawn|sunrise|breakfast)\b/gi],
  ["AFTERNOON", /\b(?:afternoon|noon)\b/gi],
  ["EVENING", /\b(?:evening|dusk|sunset|twilight|supper|dinner)\b/gi],
  ["NIGHT", /\b(?:night|midnight|moonlight|candlelight|dark)\b/gi],
];

export interface HeadingResult {
  heading: string;
  location: string | null;
  /** The place as prose ("the assembly-room", "Longbourn"); "" when the narration names none. */
  place: string;
  /** Time of day as prose ("evening"). */
  time: string;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

interface Candidate {
  name: string;
  id: string | null;
  interior: boolean | null;
  arrivals: number;
  mentions: number;
  first: number;
}

/** `narration`: the scene's narration without its quotes. */
export function sceneHeading(
  narration: string,
  bible: Pick<Bible, "locations">,
  chapterTitle: string,
): HeadingResult {
  const candidates: Candidate[] = [];
  const note = (
    name: string,
    id: string | null,
    interior: boolean | null,
    match: RegExpMatchArray,
  ) => {
    const index = match.index ?? 0;
    const arrived = ARRIVAL.test(narration.slice(Math.max(0, index - 30), index));
    const key = name.toLowerCase();
    let entry = candidates.find((candidate) => candidate.name.toLowerCase() === key);
    if (!entry) {
      entry = { name, id, interior, arrivals: 0, mentions: 0, first: index };
      candidates.push(entry);
    }
    entry.mentions++;
    if (arrived) entry.arrivals++;
  };
  for (const location of bible.locations) {
    const pattern = new RegExp(`(?<![\\p{L}])${escapeRegExp(location.name)}(?![\\p{L}])`, "gu");
    for (const match of narration.matchAll(pattern))
      note(location.name, location.id, location.interior, match);
  }
  for (const match of narration.matchAll(SETTING_PATTERN)) {
    const word = SAME_SETTING[match[1]!.toLowerCase()] ?? match[1]!.toLowerCase();
    note(`the ${word}`, null, SETTINGS[word] ?? null, match);
  }
  // A setting noun or a place whose inside is known is where people stand; a town one goes
  // "to" is often only where someone went.
  const weight = (candidate: Candidate) =>
    candidate.arrivals * 2 +
    candidate.mentions +
    (candidate.id !== null
      ? candidate.interior !== null
        ? 1
        : 0
      : GENERIC.has(candidate.name.replace(/^the /, ""))
        ? 0
        : 3);
  const arrived = candidates
    .filter((candidate) => candidate.arrivals > 0)
    .sort((left, right) => weight(right) - weight(left) || left.first - right.first)[0];
  const setting = candidates
    .filter((candidate) => candidate.id === null)
    .sort((left, right) => right.mentions - left.mentions || left.first - right.first)[0];
  const best = arrived ?? setting ?? null;
  const interiorWords = count(narration, INTERIOR);
  const exteriorWords = count(narration, EXTERIOR);
  const interior =
    best?.interior ??
    (interiorWords > exteriorWords ? true : exteriorWords > interiorWords ? false : null);
  const prefix = interior === true ? "INT." : interior === false ? "EXT." : "INT./EXT.";
  const place = best?.name ?? "";
  const shown = best?.id ? place : (best?.name ?? titlePlace(chapterTitle)).toUpperCase();
  const time = timeOfDay(narration);
  return {
    heading: `${prefix} ${shown} - ${time}`,
    location: best?.id ?? null,
    place,
    time: time.toLowerCase(),
  };
}

function titlePlace(title: string): string {
  const clean = title
    .replace(/^\s*(?:chapter|part|book)\s+[\divxlc]+\.?\s*[-—–:.]?\s*/i, "")
    .replace(/\s+/g, " ")
    .replace(/ - /g, " — ")
    .trim();
  if (clean !== "") return clean;
  return title.trim() === ""
    ? "an unknown place"
    : title
        .replace(/\s+/g, " ")
        .trim()
        .replace(/[.:]+$/, "");
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
