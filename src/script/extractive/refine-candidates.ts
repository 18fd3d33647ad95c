import type { CharacterCandidate } from "../writer.js";
import { TITLES } from "./lexicon.js";
import { formPattern } from "./name-forms.js";

/**
 * The finder's last pass over whole characters: drop names that are no one (an honorific
 * alone — "Ladyship", "Colonel" —, a family in the plural — "Miss Bennets" —, a saint's name
 * used as a place — "St. James's"), and merge a pet name into the one character it can mean
 * ("Lizzy", "Eliza" → Elizabeth) or a bare first name into the one surname the book gives it.
 * Every merge needs exactly one candidate; anything ambiguous stays apart.
 */

const TITLE_WORDS = new Set(TITLES.map((title) => title.toLowerCase().replace(/\.$/, "")));
/** Forms of address that never name one person by themselves. */
const HONORIFICS = new Set(
  "ladyship lordship majesty highness excellency honour honor worship reverence madam madame".split(
    " ",
  ),
);

/** Pet name → the formal first name (English hypocorisms). */
export const HYPOCORISMS: Readonly<Record<string, string>> = {
  lizzy: "elizabeth",
  lizzie: "elizabeth",
  eliza: "elizabeth",
  liz: "elizabeth",
  beth: "elizabeth",
  betsy: "elizabeth",
  bess: "elizabeth",
  kitty: "catherine",
  kate: "catherine",
  jack: "john",
  johnny: "john",
  bill: "william",
  will: "william",
  willy: "william",
  bob: "robert",
  bobby: "robert",
  dick: "richard",
  peggy: "margaret",
  meg: "margaret",
  polly: "mary",
  molly: "mary",
  sally: "sarah",
  jenny: "jane",
  ned: "edward",
  teddy: "edward",
  harry: "henry",
  tom: "thomas",
  tommy: "thomas",
  jim: "james",
  jimmy: "james",
  fanny: "frances",
  nancy: "anne",
  sukey: "susan",
};

/** Titles a pet name can stand for without changing who is meant ("Miss Lizzy"). */
const FAMILIAR_TITLES = new Set(["miss", "master"]);

interface Parts {
  title: string | null;
  first: string | null;
  surname: string | null;
}

function parts(name: string): Parts {
  const words = name
    .replace(/^the\s+/i, "")
    .split(/\s+/)
    .map((word) => word.toLowerCase().replace(/\.$/, ""));
  const title = TITLE_WORDS.has(words[0] ?? "") ? words.shift()! : null;
  const first =
    words.length >= 1 && (title === null || FAMILIAR_TITLES.has(title)) ? words[0]! : null;
  // "Mrs. Grey": a surname; "Miss Eliza": one word after a familiar title may be a first name.
  const surname =
    words.length >= 2
      ? words[words.length - 1]!
      : title !== null && !FAMILIAR_TITLES.has(title)
        ? (words[0] ?? null)
        : null;
  return { title, first, surname };
}

function formsOf(candidate: CharacterCandidate): string[] {
  return [candidate.name, ...candidate.aliases];
}

function isNoOne(
  candidate: CharacterCandidate,
  nameWords: ReadonlySet<string>,
  texts: readonly string[],
): boolean {
  const words = candidate.name
    .replace(/^the\s+/i, "")
    .split(/\s+/)
    .map((word) => word.toLowerCase().replace(/\.$/, ""));
  if (words.every((word) => HONORIFICS.has(word))) return true;
  // A bare title ("Colonel") is someone only when the book makes it a name: "the Queen" speaks.
  const named = candidate.speaking > 0 || candidate.aliases.some((alias) => /^the\s/i.test(alias));
  if (!named && words.every((word) => TITLE_WORDS.has(word))) return true;
  // "Miss Bennets": a title before a plural of a name the book uses.
  const last = words[words.length - 1] ?? "";
  if (
    words.length === 2 &&
    TITLE_WORDS.has(words[0]!) &&
    /s$/.test(last) &&
    nameWords.has(`${words[0]} ${last.slice(0, -1)}`)
  )
    return true;
  // "St. James's": a saint's name mostly in the possessive is a church, a park, a court.
  if (words[0] === "st" && candidate.speaking === 0) {
    const pattern = new RegExp(
      `(?<![\\p{L}])${formPattern(candidate.name)}(['’]s)?(?![\\p{L}])`,
      "gu",
    );
    let total = 0;
    let possessive = 0;
    for (const text of texts) {
      for (const match of text.matchAll(pattern)) {
        total++;
        if (match[1]) possessive++;
      }
    }
    if (total > 0 && possessive * 2 > total) return true;
  }
  return false;
}

export function refineCandidates(
  candidates: readonly CharacterCandidate[],
  texts: readonly string[],
): CharacterCandidate[] {
  // Every form, lower-case without full stops ("miss bennet"), to recognise plurals of them.
  const nameWords = new Set(
    candidates.flatMap((candidate) =>
      formsOf(candidate).map((form) => form.toLowerCase().replace(/\./g, "")),
    ),
  );
  const kept = candidates
    .filter((candidate) => !isNoOne(candidate, nameWords, texts))
    .map((candidate) => ({ ...candidate, aliases: [...candidate.aliases] }));
  const removed = new Set<CharacterCandidate>();
  for (const candidate of kept) {
    const own = parts(candidate.name);
    const target =
      petNameTarget(candidate, own, kept) ?? firstNameTarget(candidate, own, kept, texts);
    if (!target || removed.has(target)) continue;
    target.aliases = [...new Set([...target.aliases, ...formsOf(candidate)])].filter(
      (alias) => alias !== target.name,
    );
    target.mentions += candidate.mentions;
    target.speaking += candidate.speaking;
    if (candidate.firstChapter !== null)
      target.firstChapter = Math.min(
        target.firstChapter ?? candidate.firstChapter,
        candidate.firstChapter,
      );
    removed.add(candidate);
  }
  return kept.filter((candidate) => !removed.has(candidate));
}

/** "Lizzy" → the one character whose first name is Elizabeth, with no other title than Miss. */
function petNameTarget(
  candidate: CharacterCandidate,
  own: Parts,
  all: readonly CharacterCandidate[],
): CharacterCandidate | null {
  const formal = own.first ? HYPOCORISMS[own.first] : undefined;
  if (!formal) return null;
  const holders = all.filter(
    (other) =>
      other !== candidate &&
      formsOf(other).some((form) => parts(form).first === formal) &&
      compatibleGender(candidate, other),
  );
  // Any holder of the formal name with another title ("Lady Catherine") makes it ambiguous.
  const conflicting = all.filter(
    (other) =>
      other !== candidate &&
      formsOf(other).some((form) => {
        const found = parts(form);
        return (
          found.first === null &&
          found.title !== null &&
          new RegExp(`\\b${formal}\\b`, "i").test(form)
        );
      }),
  );
  if (holders.length !== 1 || conflicting.length > 0) return null;
  const target = holders[0]!;
  const surnames = new Set(
    formsOf(target)
      .map((form) => parts(form).surname)
      .filter(Boolean),
  );
  if (own.surname && surnames.size > 0 && !surnames.has(own.surname)) return null;
  return target;
}

/** "Charles" → "Mr. Bingley" when every "Charles <Surname>" in the book is a Bingley. */
function firstNameTarget(
  candidate: CharacterCandidate,
  own: Parts,
  all: readonly CharacterCandidate[],
  texts: readonly string[],
): CharacterCandidate | null {
  if (
    own.title !== null ||
    own.surname !== null ||
    own.first === null ||
    candidate.aliases.length > 0
  )
    return null;
  const pattern = new RegExp(
    `(?<![\\p{L}])${formPattern(candidate.name)}\\s+(\\p{Lu}[\\p{L}'’-]+)`,
    "gu",
  );
  const surnames = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(pattern)) surnames.add(match[1]!.toLowerCase());
  }
  if (surnames.size !== 1) return null;
  const [surname] = [...surnames];
  const holders = all.filter(
    (other) =>
      other !== candidate &&
      compatibleGender(candidate, other) &&
      formsOf(other).some((form) => parts(form).surname === surname),
  );
  return holders.length === 1 ? holders[0]! : null;
}

function compatibleGender(left: CharacterCandidate, right: CharacterCandidate): boolean {
  return left.gender === "unknown" || right.gender === "unknown" || left.gender === right.gender;
}
