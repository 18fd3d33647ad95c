import { SPEECH_VERB_PATTERN, TITLE_PATTERN } from "./lexicon.js";

/**
 * Speech tags: the narration that says who spoke. Both orders ("said Alice", "Alice said",
 * "returned she", "the March Hare went on"), before or after the quote, with a name, a
 * pronoun, or a relation ("his wife"), which the attributor resolves.
 */

export interface Tag {
  /** The subject as written: "Alice", "the Hatter", "she", "his lady". */
  subject: string;
  verb: string;
  /** Whether the tag follows the quote it names or leads into it. */
  position: "after" | "before";
  /** Where the tag sits in the narration segment (to remove it from the narration lines). */
  start: number;
  end: number;
}

const VERB = `(?:${SPEECH_VERB_PATTERN}|went on|put in|chimed in|broke in|called out|cried out)`;
const TITLE = TITLE_PATTERN;
const NAME = `(?:${TITLE}\\s+)?\\p{Lu}[\\p{L}'’-]*(?:\\s+(?:de\\s+)?\\p{Lu}[\\p{L}'’-]*){0,2}`;
const RELATION = `(?:his|her|their|my|the)\\s+(?:lady|wife|husband|mother|father|sister|brother|daughter|son|friend|companion|aunt|uncle|cousin|guest|host|hostess)`;
const PRONOUN = "(?:he|she|they|I|we)";
const SUBJECT = `(?:(?:the\\s+)?${NAME}|${RELATION}|${PRONOUN}|the\\s+\\p{Ll}+(?:\\s+\\p{Ll}+)?)`;
const MANNER = "(?:(?:\\p{Ll}+ly|then|again|aloud|at once|at last|in reply)\\s+)?";

/** After a quote: `, said Alice`, `Alice said`, `returned she`, `the March Hare went on`. */
const AFTER_VERB_FIRST = new RegExp(`^[\\s,;:—–-]*(${VERB})\\s+(${SUBJECT})(?![\\p{L}])`, "u");
const AFTER_SUBJECT_FIRST = new RegExp(
  `^[\\s,;:—–-]*(${SUBJECT})\\s+${MANNER}(${VERB})(?![\\p{L}])`,
  "u",
);
/** Before a quote: `Alice said,`, `said the Hatter, turning to Alice:`, `all he said was,`. */
const BEFORE_SUBJECT_FIRST = new RegExp(
  `(?:^|[\\s,;:(])(${SUBJECT})\\s+${MANNER}(${VERB})(?:\\s+[^.!?;]{0,40})?[,:;]?\\s*[—–-]?\\s*$`,
  "u",
);
const BEFORE_VERB_FIRST = new RegExp(
  `(?:^|[\\s,;:(])(${VERB})\\s+(${SUBJECT})(?:[,\\s][^.!?;]{0,40})?[,:;]?\\s*[—–-]?\\s*$`,
  "u",
);

export function tagAfter(narration: string): Tag | null {
  const verbFirst = AFTER_VERB_FIRST.exec(narration);
  if (verbFirst) return toTag(verbFirst, verbFirst[2]!, verbFirst[1]!, "after");
  const subjectFirst = AFTER_SUBJECT_FIRST.exec(narration);
  if (subjectFirst && isSubject(subjectFirst[1]!)) {
    return toTag(subjectFirst, subjectFirst[1]!, subjectFirst[2]!, "after");
  }
  return null;
}

export function tagBefore(narration: string): Tag | null {
  const subjectFirst = BEFORE_SUBJECT_FIRST.exec(narration);
  if (subjectFirst && isSubject(subjectFirst[1]!)) {
    return toTag(subjectFirst, subjectFirst[1]!, subjectFirst[2]!, "before");
  }
  const verbFirst = BEFORE_VERB_FIRST.exec(narration);
  if (verbFirst) return toTag(verbFirst, verbFirst[2]!, verbFirst[1]!, "before");
  return null;
}

/** "It said" or "That said" is no speaker; a capitalised function word is no name. */
function isSubject(subject: string): boolean {
  return !/^(?:It|That|This|There|Which|What|Who|And|But|So|As|Then|When)$/.test(subject);
}

function toTag(
  match: RegExpExecArray,
  subject: string,
  verb: string,
  position: Tag["position"],
): Tag {
  const start = match.index + (match[0].length - match[0].trimStart().length);
  const end = match.index + match[0].length;
  return { subject: subject.trim(), verb: verb.toLowerCase(), position, start, end };
}

/** The narration left once a tag is cut out: "and she sat down" → "She sat down". */
export function withoutTag(narration: string, tag: Tag): string {
  let rest = narration.slice(tag.end).replace(/^[^,.;:!?]*?(?:[,;:]|(?=[.!?]))/u, "");
  // ", turning to Alice." still belongs to the tag; ", and she sat down" is a new clause.
  if (/^\s*\p{Ll}/u.test(rest) && !/^\s*(?:and|but|then|while|so)\s/i.test(rest)) {
    rest = rest.replace(/^[^.!?]*[.!?]*/u, "");
  }
  const kept = `${narration.slice(0, tag.start)} ${tag.position === "after" ? rest : ""}`
    .replace(/^[\s,;:.—–-]+/u, "")
    .replace(/^(?:and|but|then|while)\s+/i, "")
    .replace(/[\s,;:—–-]+$/u, "")
    .trim();
  return kept;
}

/**
 * A tag without a speech verb: `“…,” as she entered the room, “…”`. Only a pronoun subject
 * after "as", "while" or "when" counts; the caller resolves it against the recent speakers.
 */
const VERBLESS = /^[\s,;:—–-]*(?:as|while|when)\s+(he|she)\s+\p{Ll}+/iu;

export function verblessTag(narration: string): Tag | null {
  const match = VERBLESS.exec(narration);
  if (!match) return null;
  return { subject: match[1]!, verb: "", position: "after", start: 0, end: 0 };
}
