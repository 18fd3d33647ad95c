import type { LocationDraft } from "../writer.js";
import { NOT_NAMES } from "./lexicon.js";
import { cleanForm, compromiseText, OPENERS, PLACE_WORDS } from "./name-forms.js";
import { storyText } from "./scenes.js";
import { nameKey } from "./speaker.js";
import { escapeRegExp, splitSentences } from "./text.js";

/**
 * Places named across the book: capitalised phrases ending in a place word ("Netherfield
 * Park", "Baker Street") and compromise's places (English only), kept when named a few
 * times. Interior or not from the place word; towns and countries stay null.
 */

const PLACE_PHRASE = /(?<![\p{L}])(?:\p{Lu}[\p{L}'’-]*\s+){1,2}(\p{Lu}[\p{L}]*)(?![\p{L}])/gu;
const INTERIOR_WORDS =
  /^(?:House|Hall|Lodge|Inn|Church|Hotel|Cottage|Abbey|Manor|Palace|Castle|Tower|Cathedral|College|Station)$/;
const EXTERIOR_WORDS =
  /^(?:Street|Square|Road|Lane|Park|Gardens?|Forest|Wood|Woods|River|Hill|Bridge|Common|Heath|Moor|Bay|Lake|Valley|Green|Avenue|Terrace|Island)$/;
const MIN_MENTIONS = 3;
const MAX_LOCATIONS = 20;

export async function findLocations(
  chapters: readonly string[],
  language: string | null,
  people: ReadonlyArray<{ name: string; aliases: readonly string[] }> = [],
): Promise<LocationDraft[]> {
  // A word that is part of a person's name is no place ("St. Simon" is a lord).
  const personWords = new Set(
    people
      .flatMap((person) => [person.name, ...person.aliases])
      .flatMap((name) => nameKey(name).split(" ")),
  );
  const texts = chapters.map(storyText);
  const names = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(PLACE_PHRASE)) {
      if (!PLACE_WORDS.test(match[1]!)) continue;
      const name = match[0].replace(/\s+/g, " ").replace(/^(?:The|At|In|To|From|Of|And)\s+/, "");
      if (name.includes(" ")) names.add(name);
    }
  }
  if (language === null || /^en\b/i.test(language)) {
    for (const text of texts) {
      for (const place of (await compromiseText(text)).places) {
        const clean = cleanForm(place) ?? place.replace(/[^\p{L} ]+/gu, "").trim();
        if (clean !== "" && /^\p{Lu}/u.test(clean)) names.add(clean);
      }
    }
  }
  const counted = [...names]
    .filter((name) => nameKey(name).length >= 3 && !NOT_NAMES.has(name) && !OPENERS.has(name))
    .filter((name) => !PLACE_WORDS.test(name))
    .filter(
      (name) =>
        !nameKey(name)
          .split(" ")
          .some((word) => personWords.has(word)),
    )
    .map((name) => ({ name, mentions: countMentions(texts, name) }))
    .filter((entry) => entry.mentions >= MIN_MENTIONS)
    .sort((left, right) => right.mentions - left.mentions || left.name.localeCompare(right.name))
    .slice(0, MAX_LOCATIONS);
  return counted.map(({ name }) => {
    const last = name.split(" ").pop() ?? "";
    return {
      name,
      description: describe(texts, name),
      interior: INTERIOR_WORDS.test(last) ? true : EXTERIOR_WORDS.test(last) ? false : null,
    };
  });
}

function pattern(name: string): RegExp {
  return new RegExp(`(?<![\\p{L}])${escapeRegExp(name).replace(/ /g, "\\s+")}(?![\\p{L}])`, "gu");
}

function countMentions(texts: readonly string[], name: string): number {
  const regex = pattern(name);
  return texts.reduce((sum, text) => sum + (text.match(regex)?.length ?? 0), 0);
}

/** The first sentence of some length that names the place: what the book says of it. */
function describe(texts: readonly string[], name: string): string {
  const regex = new RegExp(pattern(name).source, "u");
  for (const text of texts) {
    const index = text.search(regex);
    if (index < 0) continue;
    const end = text.indexOf("\n", index);
    const paragraph = text.slice(
      Math.max(0, text.lastIndexOf("\n", index)),
      end < 0 ? undefined : end,
    );
    const sentence = splitSentences(paragraph.replace(/\s+/g, " ")).find((item) =>
      regex.test(item),
    );
    if (sentence && sentence.split(" ").length >= 6)
      return sentence.length > 300 ? `${sentence.slice(0, 299)}…` : sentence;
  }
  return "";
}
