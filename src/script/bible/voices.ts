import { createHash } from "node:crypto";
import type { Voice } from "../../providers/spec/index.js";
import type { Bible, Character, VoiceAssignment } from "../schema.js";
import { NARRATOR } from "../schema.js";

/**
 * Deterministic voice casting. Each character ranks the provider's voices by rendezvous
 * hashing (sha256(characterId + ":" + voiceId)), so the choice depends on the SET of voices,
 * never on the order the provider lists them, nor on the process. Existing assignments are
 * never touched; new ones avoid voices already in use while fitting ones remain.
 */
export function assignVoices(bible: Bible, provider: string, voices: readonly Voice[]): Bible {
  // A book whose language could not be told is most likely English: better than a voice
  // picked from every language eSpeak speaks.
  const pool = voicePool(voices, bible.book.language ?? "en");
  if (pool.length === 0) return bible;
  // Usage counts by family, so "en+f4" is taken once "en-us+f4" is (they sound alike).
  const familyOf = new Map(pool.map((voice) => [voice.voiceId, voice.family ?? voice.voiceId]));
  const usage = new Map<string, number>();
  const use = (voiceId: string) => {
    const family = familyOf.get(voiceId) ?? voiceId;
    usage.set(family, (usage.get(family) ?? 0) + 1);
  };
  for (const assignment of assignmentsOf(bible, provider)) use(assignment.voiceId);

  let narrator = bible.narrator;
  const narratorVoice = narrator.voices[provider] ?? pickNarratorVoice(pool, usage, familyOf);
  if (!narrator.voices[provider]) {
    use(narratorVoice.voiceId);
    narrator = { ...narrator, voices: { ...narrator.voices, [provider]: narratorVoice } };
  }

  const chosen = new Map<string, VoiceAssignment>();
  const accent = pool.find((voice) => voice.voiceId === narratorVoice.voiceId)?.accent;
  for (const [rank, character] of byImportance(bible.characters).entries()) {
    if (character.voices[provider]) continue;
    const voice = pickCharacterVoice(character, pool, usage, familyOf, {
      voiceId: narratorVoice.voiceId,
      accent,
      distinctFirst: rank < DISTINCT_CAST,
    });
    use(voice.voiceId);
    chosen.set(character.id, { voiceId: voice.voiceId, name: voice.name });
  }
  if (chosen.size === 0 && narrator === bible.narrator) return bible;
  return {
    ...bible,
    narrator,
    characters: bible.characters.map((character) => {
      const assignment = chosen.get(character.id);
      return assignment
        ? { ...character, voices: { ...character.voices, [provider]: assignment } }
        : character;
    }),
  };
}

/** The narrator and this many main characters get voices of distinct families when possible. */
const DISTINCT_CAST = 6;

/** Mentions first (the main speakers get first pick of distinct voices), then id for ties. */
function byImportance(characters: readonly Character[]): Character[] {
  return [...characters].sort(
    (left, right) =>
      right.mentions - left.mentions || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0),
  );
}

function assignmentsOf(bible: Bible, provider: string): VoiceAssignment[] {
  return [bible.narrator, ...bible.characters]
    .map((holder) => holder.voices[provider])
    .filter((assignment): assignment is VoiceAssignment => assignment !== undefined);
}

/**
 * Voices in the book's language (plus those that name no language), one per id. When none is
 * left, all of them: a voice in another accent beats silence.
 */
function voicePool(voices: readonly Voice[], bookLanguage: string | null): Voice[] {
  const unique = new Map<string, Voice>();
  for (const voice of voices) if (!unique.has(voice.voiceId)) unique.set(voice.voiceId, voice);
  const all = [...unique.values()];
  const language = primaryLanguage(bookLanguage);
  if (!language) return all;
  const speaking = all.filter(
    (voice) => !voice.language || primaryLanguage(voice.language) === language,
  );
  return speaking.length > 0 ? speaking : all;
}

function primaryLanguage(tag: string | null | undefined): string | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary === "" ? undefined : primary;
}

const NARRATION = /narrat|storytell|audiobook|audio book/i;

function pickNarratorVoice(
  pool: readonly Voice[],
  usage: ReadonlyMap<string, number>,
  familyOf: ReadonlyMap<string, string>,
): VoiceAssignment {
  const narrating = pool.filter((voice) =>
    NARRATION.test(`${voice.description ?? ""} ${voice.name}`),
  );
  const voice = best(narrating.length > 0 ? narrating : pool, NARRATOR, (voice) => [
    usage.get(familyOf.get(voice.voiceId) ?? voice.voiceId) ?? 0,
  ]);
  return { voiceId: voice.voiceId, name: voice.name };
}

/**
 * Ranked by: gender fits, then age band suits, then unused, then not the narrator's, then the
 * narrator's accent, then the better age band, then least used, then the rendezvous hash. A woman never gets a man's
 * voice while a woman's exists; two characters share a voice only when every fitting voice is
 * taken. The accent keeps one book in one accent where the list allows (eSpeak lists every
 * variant as British and American English: "en+f4" and "en-us+f4" sound nearly alike).
 */
function pickCharacterVoice(
  character: Character,
  pool: readonly Voice[],
  usage: ReadonlyMap<string, number>,
  familyOf: ReadonlyMap<string, string>,
  narrator: { voiceId: string; accent: string | undefined; distinctFirst: boolean },
): Voice {
  const wantedAges = AGE_PREFERENCE[character.age];
  return best(pool, character.id, (voice) => {
    const uses = usage.get(familyOf.get(voice.voiceId) ?? voice.voiceId) ?? 0;
    const ageRankOfVoice = ageRank(wantedAges, voice);
    const ageSuits = ageRankOfVoice < Math.max(1, wantedAges.length) ? 0 : 1;
    const unused = uses > 0 ? 1 : 0;
    return [
      genderFits(character.gender, voice) ? 0 : 1,
      // The main cast must be told apart, so a voice nobody has comes before its age; further
      // down, an unused voice of the wrong age (a young man speaking as "grandpa") is worse
      // than a fitting one shared with another minor character.
      ...(narrator.distinctFirst ? [unused, ageSuits] : [ageSuits, unused]),
      voice.voiceId === narrator.voiceId ? 1 : 0,
      narrator.accent && voice.accent && voice.accent !== narrator.accent ? 1 : 0,
      ageRankOfVoice,
      uses,
    ];
  });
}

type VoiceAge = NonNullable<Voice["age"]>;

/** Voice ages that suit each band, best first; `unknown` takes any. */
const AGE_PREFERENCE: Record<Character["age"], readonly VoiceAge[]> = {
  child: ["child", "young"],
  // A young adult sounds more like a middle-aged voice than a child's.
  young: ["young", "middle-aged"],
  adult: ["middle-aged", "young"],
  old: ["old", "middle-aged"],
  unknown: [],
};

function ageRank(wanted: readonly VoiceAge[], voice: Voice): number {
  if (wanted.length === 0) return 0;
  const index = voice.age ? wanted.indexOf(voice.age) : -1;
  return index < 0 ? wanted.length : index;
}

function genderFits(gender: Character["gender"], voice: Voice): boolean {
  if (gender === "unknown") return true;
  return voice.gender === gender;
}

/** Lowest key wins; ties go to the highest rendezvous hash of (holder, voice). */
function best(voices: readonly Voice[], holderId: string, key: (voice: Voice) => number[]): Voice {
  let winner: { voice: Voice; key: number[]; hash: string } | undefined;
  for (const voice of voices) {
    const candidate = { voice, key: key(voice), hash: rendezvous(holderId, voice.voiceId) };
    if (!winner || isBetter(candidate, winner)) winner = candidate;
  }
  if (!winner) throw new Error("best() needs at least one voice");
  return winner.voice;
}

function isBetter(
  candidate: { key: number[]; hash: string },
  current: { key: number[]; hash: string },
): boolean {
  for (const [index, value] of candidate.key.entries()) {
    const other = current.key[index] ?? 0;
    if (value !== other) return value < other;
  }
  return candidate.hash > current.hash;
}

export function rendezvous(holderId: string, voiceId: string): string {
  return createHash("sha256").update(`${holderId}:${voiceId}`).digest("hex");
}
