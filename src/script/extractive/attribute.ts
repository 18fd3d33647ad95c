import type { Character } from "../schema.js";
import { VERB_EMOTIONS } from "./lexicon.js";
import { type QuoteStyle, splitQuotes } from "./quotes.js";
import { type NameMatch, nameKey, nameMatcher, resolveSpeaker } from "./speaker.js";
import { type Tag, tagAfter, tagBefore, verblessTag, withoutTag } from "./tags.js";

/**
 * Who says each quote of a scene. In order of trust: a speech tag beside the quote (a name,
 * a pronoun resolved to the last character of that gender named in the narration, or a
 * relation such as "his wife"); the speaker already found for the same paragraph; the
 * character the paragraph's narration names first; then turn-taking — in an untagged run the
 * speaker before last speaks again, and nobody speaks to themselves (a name addressed inside
 * the quote is the listener). State starts fresh in every scene, so scenes stay independent.
 */

export type Cast = ReadonlyArray<Pick<Character, "id" | "name" | "aliases" | "gender">>;

export interface Unit {
  kind: "narration" | "quote";
  text: string;
  paragraph: number;
  /** Quote: character id, or a new name's slug when `newName` is set; null: unknown. */
  speaker: string | null;
  /** Quote: a capitalised name the cast lacks. */
  newName?: string;
  verb?: string;
  /** Character ids named in the text (narration) or addressed (quote). */
  named: string[];
}

export interface Attributor {
  attribute(paragraphs: readonly string[]): Unit[];
}

const FEMALE_RELATIONS = /^(?:lady|wife|mother|sister|daughter|aunt|hostess)$/;

export function attributor(
  cast: Cast,
  style: QuoteStyle,
  slug: (name: string) => string,
): Attributor {
  const findNames = nameMatcher(cast);
  const genderOf = new Map(cast.map((character) => [character.id, character.gender]));
  const nameOf = new Map(cast.map((character) => [character.id, character.name]));
  return {
    attribute(paragraphs) {
      const units: Unit[] = [];
      /** Characters named in narration or speaking, most recent last. */
      const mentions: string[] = [];
      /** Speakers of earlier quote paragraphs, most recent last. */
      const turns: string[] = [];
      /** The speaker whose quote the previous paragraph left open. */
      let continuesFrom: string | null = null;
      const remember = (id: string | null) => {
        if (id !== null) mentions.push(id);
      };
      /** Characters named only inside quotes: a weaker cue, used when narration names nobody. */
      const quoted: string[] = [];
      const lastOfGender = (gender: Character["gender"], except?: string): string | null => {
        for (const list of [mentions, quoted]) {
          for (let index = list.length - 1; index >= 0; index--) {
            const id = list[index]!;
            const known = genderOf.get(id);
            // A character of unknown gender may be the "he" or "she" only when just named.
            const recent = list === mentions && index >= list.length - 2;
            if ((known === gender || (known === "unknown" && recent)) && id !== except) return id;
          }
        }
        return null;
      };
      const lastSpeakerOfGender = (gender: Character["gender"]): string | null => {
        for (let index = turns.length - 1; index >= 0; index--) {
          if (genderOf.get(turns[index]!) === gender) return turns[index]!;
        }
        return null;
      };
      const resolveSubject = (tag: Tag): Resolved => {
        const subject = tag.subject;
        const lower = subject.toLowerCase();
        if (lower === "he") return { id: lastOfGender("male") };
        if (lower === "she") return { id: lastOfGender("female") };
        if (lower === "i") return { id: "narrator" };
        if (lower === "they" || lower === "we") return { id: null };
        const relation = /^(?:his|her|their|my|the)\s+(\p{Ll}+)$/u.exec(lower);
        if (relation && /^(?:his|her|their|my)$/.test(lower.split(" ")[0]!)) {
          return { id: relativeOf(relation[1]!, lower.startsWith("his") ? "male" : "female") };
        }
        const id = resolveSpeaker(subject, { characters: cast });
        if (id !== null) return { id };
        if (/^\p{Lu}/u.test(subject.replace(/^the\s+/i, ""))) {
          const name = subject.replace(/^the\s+/i, "");
          return { id: slug(name), newName: name };
        }
        return { id: null };
      };
      // "his wife": the possessor is the last man named; his wife is "Mrs. <his surname>" when
      // the cast has her, else the last woman named who is not him.
      const relativeOf = (
        relation: string,
        possessorGender: Character["gender"],
      ): string | null => {
        const wantFemale = FEMALE_RELATIONS.test(relation);
        const possessor = lastOfGender(possessorGender);
        const surname = possessor ? nameOf.get(possessor)?.split(" ").slice(1).join(" ") : "";
        if (surname && /^(?:wife|lady|husband)$/.test(relation)) {
          const spouse = resolveSpeaker(`${wantFemale ? "Mrs." : "Mr."} ${surname}`, {
            characters: cast,
          });
          if (spouse !== null) return spouse;
        }
        return lastOfGender(wantFemale ? "female" : "male", possessor ?? undefined);
      };

      paragraphs.forEach((paragraph, paragraphIndex) => {
        const segments = splitQuotes(paragraph, style);
        const tagsBefore = new Map<number, { resolved: Resolved; verb: string }>();
        // Every paragraph's quotes: tags first, then what the paragraph says.
        let paragraphSpeaker: string | null = null;
        const pending: Unit[] = [];
        segments.forEach((segment, position) => {
          if (segment.kind === "narration") {
            const tagAfterQuote = position > 0 ? tagAfter(segment.text) : null;
            const tagBeforeQuote =
              tagAfterQuote === null && segments[position + 1]?.kind === "quote"
                ? tagBefore(segment.text)
                : null;
            const tag = tagAfterQuote ?? tagBeforeQuote;
            const names = findNames(segment.text);
            const verbless = tag === null && position > 0 ? verblessTag(segment.text) : null;
            const target = pending[pending.length - 1];
            if (verbless && target && target.speaker === null) {
              // "as she entered": the last speaker of that gender, else the last one named.
              const gender = verbless.subject.toLowerCase() === "he" ? "male" : "female";
              const id = lastSpeakerOfGender(gender) ?? lastOfGender(gender);
              if (id !== null && !target.named.includes(id)) {
                setSpeaker(target, { id }, "");
                paragraphSpeaker ??= id;
              }
            }
            if (tag) {
              const resolved = resolveSubject(tag);
              const target = tag.position === "after" ? pending[pending.length - 1] : undefined;
              if (tag.position === "after" && target && target.speaker === null) {
                setSpeaker(target, resolved, tag.verb);
              } else if (tag.position === "before") {
                tagsBefore.set(position + 1, { resolved, verb: tag.verb });
              }
              if (resolved.id !== null) paragraphSpeaker ??= resolved.id;
              remember(resolved.id);
            }
            for (const match of names) remember(match.id);
            const text = tag ? withoutTag(segment.text, tag) : segment.text;
            if (text !== "" && /[\p{L}\p{N}]/u.test(text)) {
              units.push({
                kind: "narration",
                text,
                paragraph: paragraphIndex,
                speaker: null,
                named: names.map(idOf),
              });
            }
            return;
          }
          const unit: Unit = {
            kind: "quote",
            text: segment.text,
            paragraph: paragraphIndex,
            speaker: null,
            named: findNames(segment.text).map(idOf),
          };
          quoted.push(...unit.named);
          const before = tagsBefore.get(position);
          if (before) setSpeaker(unit, before.resolved, before.verb);
          pending.push(unit);
          units.push(unit);
        });
        if (pending.length === 0) {
          continuesFrom = null;
          return;
        }
        // A speech running over paragraphs leaves its quote open: the next one is the same voice.
        const continued =
          continuesFrom !== null && segments[0]?.kind === "quote" ? continuesFrom : null;
        const fallback =
          paragraphSpeaker ??
          continued ??
          narrationSubject(units, paragraphIndex) ??
          nextTurn(pending[0]!);
        for (const unit of pending) {
          if (unit.speaker === null) unit.speaker = paragraphSpeaker ?? fallback;
        }
        const speaker = pending[pending.length - 1]!.speaker;
        const leftOpen =
          segments[segments.length - 1]?.kind === "quote" && !/[”"’'»]\s*$/u.test(paragraph);
        continuesFrom = leftOpen ? speaker : null;
        if (speaker !== null) {
          turns.push(speaker);
          remember(speaker);
        }
      });
      return units;

      function nextTurn(unit: Unit): string | null {
        const last = turns[turns.length - 1] ?? null;
        const beforeLast = turns[turns.length - 2] ?? null;
        const addressed = new Set(unit.named);
        let choice: string | null = null;
        if (last !== null && beforeLast !== null && last !== beforeLast) choice = beforeLast;
        else if (last !== null) {
          // The other party: the character named most recently who is not the last speaker.
          for (let index = mentions.length - 1; index >= 0 && choice === null; index--) {
            if (mentions[index] !== last && mentions[index] !== "narrator")
              choice = mentions[index]!;
          }
        }
        if (choice !== null && addressed.has(choice) && last !== null && !addressed.has(last))
          choice = last;
        return choice ?? last;
      }
    },
  };
}

type Resolved = { id: string | null; newName?: string };

function idOf(match: NameMatch): string {
  return match.id;
}

function setSpeaker(unit: Unit, resolved: Resolved, verb: string): void {
  unit.speaker = resolved.id;
  unit.verb = verb;
  if (resolved.newName !== undefined) unit.newName = resolved.newName;
}

/** The first character the paragraph's narration names, when it names one before speaking. */
function narrationSubject(units: readonly Unit[], paragraph: number): string | null {
  const first = units.find((unit) => unit.paragraph === paragraph);
  if (first?.kind !== "narration") return null;
  return first.named[0] ?? null;
}

export function quoteEmotion(text: string, verb: string | undefined): string {
  const fromVerb = verb ? VERB_EMOTIONS[verb] : undefined;
  if (fromVerb && fromVerb !== "neutral") return fromVerb;
  if (/[!]["'”’]?\s*$/.test(text) || /!$/.test(text)) return "excited";
  if (/\?["'”’]?\s*$/.test(text)) return "curious";
  return "neutral";
}

export { nameKey };
