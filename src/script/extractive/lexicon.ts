import type { Character } from "../schema.js";

/**
 * Word lists the extractive writer leans on: speech verbs (and the emotion each implies),
 * honorifics (and the gender each implies), words that are capitalised but are not people.
 * English only; other languages get no names from honorifics, never a crash.
 */

/** Speech verb → emotion of the line it tags (absent: neutral). */
export const VERB_EMOTIONS: Readonly<Record<string, string>> = {
  said: "neutral",
  says: "neutral",
  replied: "neutral",
  returned: "neutral",
  answered: "neutral",
  added: "neutral",
  continued: "neutral",
  observed: "neutral",
  remarked: "neutral",
  began: "neutral",
  repeated: "neutral",
  interrupted: "neutral",
  thought: "neutral",
  asked: "curious",
  inquired: "curious",
  enquired: "curious",
  wondered: "curious",
  cried: "excited",
  exclaimed: "excited",
  shouted: "excited",
  called: "excited",
  screamed: "fearful",
  shrieked: "fearful",
  yelled: "angry",
  roared: "angry",
  growled: "angry",
  snapped: "angry",
  retorted: "angry",
  whispered: "whispering",
  murmured: "whispering",
  muttered: "whispering",
  sobbed: "sad",
  sighed: "sad",
  moaned: "sad",
  laughed: "happy",
  chuckled: "happy",
  sang: "happy",
  gasped: "surprised",
  pleaded: "sad",
  begged: "sad",
  sneered: "sarcastic",
  protested: "angry",
  insisted: "neutral",
  explained: "neutral",
  declared: "neutral",
  went: "neutral",
  put: "neutral",
};

export const SPEECH_VERB_PATTERN = Object.keys(VERB_EMOTIONS)
  .filter((verb) => verb !== "went" && verb !== "put")
  .join("|");

export const MALE_TITLES = [
  "Mr",
  "Sir",
  "Lord",
  "King",
  "Prince",
  "Duke",
  "Count",
  "Baron",
  "Uncle",
  "Father",
  "Colonel",
  "Captain",
  "General",
  "Major",
  "Master",
  "Monsieur",
  "Herr",
  "Señor",
  "Don",
];
export const FEMALE_TITLES = [
  "Mrs",
  "Miss",
  "Ms",
  "Lady",
  "Queen",
  "Princess",
  "Duchess",
  "Countess",
  "Baroness",
  "Aunt",
  "Mother",
  "Madame",
  "Mademoiselle",
  "Frau",
  "Señora",
  "Doña",
];
export const NEUTRAL_TITLES = ["Dr", "Doctor", "Professor", "Prof", "Saint", "St"];
export const TITLES = [...MALE_TITLES, ...FEMALE_TITLES, ...NEUTRAL_TITLES];
/** Titles written with a full stop ("Mr."); after any other title a full stop ends the sentence. */
export const ABBREVIATED_TITLES = ["Mr", "Mrs", "Ms", "Dr", "St", "Prof"];
/** Regex source: a title, with its full stop where it takes one. */
export const TITLE_PATTERN = `(?:(?:${ABBREVIATED_TITLES.join("|")})\\.?|${TITLES.filter(
  (title) => !ABBREVIATED_TITLES.includes(title),
).join("|")})`;

export function titleGender(title: string): Character["gender"] {
  const bare = title.replace(/\.$/, "");
  if (MALE_TITLES.includes(bare)) return "male";
  if (FEMALE_TITLES.includes(bare)) return "female";
  return "unknown";
}

/** Capitalised words that are not characters. */
export const NOT_NAMES = new Set(
  (
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May " +
    "June July August September October November December God Lord Heaven Heavens Christ Jesus " +
    "Oh Ah Aye Alas Well Yes No Nay Why What Who Where When How Now Then Hush Pray Indeed Sir " +
    "Madam Ma'am Dear Good Poor Chapter Volume Book Part The A An I He She It They We You His " +
    "Her Their Our My Your This That These Those There Here Mr Mrs Miss Ms Dr Lady English " +
    "French German Russian Austrian Italian Spanish American Frenchman Englishman Christmas Michaelmas Easter Illustration Copyright Project Gutenberg Mamma Papa"
  ).split(" "),
);

export const CHILD_WORDS = /\b(?:little (?:girl|boy|one|child)|child|kid|schoolgirl|schoolboy)\b/i;
export const OLD_WORDS =
  /\b(?:old (?:man|woman|lady|gentleman)|aged|elderly|grey-haired|gray-haired|white-haired|grandfather|grandmother|grandpa|grandma|old)\b/i;
export const YOUNG_WORDS = /\b(?:young|youth|youthful|lad|lass|maiden|girl|boy)\b/i;
