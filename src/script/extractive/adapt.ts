import { lineId, sceneId, shotId } from "../ids.js";
import { NARRATOR, type Scene, screenplaySchema } from "../schema.js";
import { idSlug } from "../slug.js";
import type { AdaptInput, AdaptResult, CharacterDraft } from "../writer.js";
import { attributor, quoteEmotion, type Unit } from "./attribute.js";
import { centrality, selectCentral } from "./condense.js";
import { condenseDialogue } from "./dialogue.js";
import { sceneHeading, sceneMood } from "./heading.js";
import { detectQuoteStyle } from "./quotes.js";
import { type SceneSource, splitScenes, storyText } from "./scenes.js";
import { planShots, type ShotLine } from "./shots.js";
import { collapseSpace, countWords, sha256, splitSentences } from "./text.js";
import { EXTRACTIVE_VERSION } from "./version.js";

/**
 * The offline adaptation of one chapter: scenes, their dialogue with speakers, their
 * narration condensed to the scene's share of the target, shots over the lines. Every scene
 * is built from its own text, the bible and the target ratio only, so an edit to one scene's
 * text changes that scene alone.
 */

/** The part of a scene's words kept for narration when the source has narration. */
const NARRATION_SHARE = 0.3;

interface LineDraft extends ShotLine {
  text: string;
}

export async function adaptChapter(input: AdaptInput): Promise<AdaptResult> {
  const { chapter, bible, target } = input;
  const style = detectQuoteStyle(storyText(chapter.text));
  const newCharacters = new Map<string, CharacterDraft & { id: string }>();
  const cast = bible.characters;
  const nameOf = new Map(cast.map((character) => [character.id, character.name]));
  const speakerIds = new Set(cast.map((character) => character.id));
  const attribution = attributor(cast, style, (name) => idSlug(name, "someone"));
  const sources = splitScenes(chapter.text);
  const scenes: Scene[] = [];
  sources.forEach((source) => {
    const units = joinSplitQuotes(attribution.attribute(source.paragraphs));
    for (const unit of units) {
      if (unit.kind !== "quote" || unit.newName === undefined || unit.speaker === null) continue;
      if (speakerIds.has(unit.speaker)) continue;
      const known = newCharacters.get(unit.speaker);
      if (known) known.mentions++;
      else newCharacters.set(unit.speaker, newCharacter(unit.speaker, unit.newName, chapter.index));
      nameOf.set(unit.speaker, unit.newName);
    }
    const number = scenes.length + 1;
    const scene = adaptScene(source, units, number, input, (id) => nameOf.get(id) ?? id);
    if (scene) scenes.push(scene);
  });
  if (scenes.length === 0) scenes.push(emptyScene(input));
  const screenplay = screenplaySchema.parse({
    version: 1,
    chapter: { index: chapter.index, title: chapter.title, id: chapter.id },
    targetMinutes: target.minutes,
    writer: "extractive",
    writerVersion: EXTRACTIVE_VERSION,
    scenes,
  });
  return { screenplay, newCharacters: [...newCharacters.values()] };
}

/**
 * `"…," said Alice, "…"`: two quotes of one speaker in one paragraph are one line, also across
 * a short lower-case fragment between them ("as she entered the room").
 */
function joinSplitQuotes(units: readonly Unit[]): Unit[] {
  const joined: Unit[] = [];
  for (const unit of units) {
    if (unit.kind === "quote") {
      let back = joined.length - 1;
      while (back >= 0 && isFragment(joined[back]!, unit.paragraph)) back--;
      const previous = joined[back];
      if (
        previous?.kind === "quote" &&
        previous.paragraph === unit.paragraph &&
        previous.speaker === unit.speaker
      ) {
        joined.splice(back + 1);
        previous.text = `${previous.text} ${unit.text}`;
        previous.named = [...previous.named, ...unit.named];
        continue;
      }
    }
    joined.push({ ...unit });
  }
  return joined;
}

function isFragment(unit: Unit, paragraph: number): boolean {
  return (
    unit.kind === "narration" &&
    unit.paragraph === paragraph &&
    /^\p{Ll}/u.test(unit.text) &&
    countWords(unit.text) <= 12
  );
}

function adaptScene(
  source: SceneSource,
  units: readonly Unit[],
  number: number,
  input: AdaptInput,
  nameOf: (id: string) => string,
): Scene | null {
  const share = Math.max(12, Math.round(input.target.ratio * source.words));
  const quotes = units.filter((unit) => unit.kind === "quote");
  const sentences = units.flatMap((unit, unitIndex) =>
    unit.kind === "narration" ? splitSentences(unit.text).map((text) => ({ text, unitIndex })) : [],
  );
  const narrationWords = sentences.reduce((sum, sentence) => sum + countWords(sentence.text), 0);
  // Narration keeps a share of its own, so a scene still opens on its place and people.
  const reserve = Math.min(narrationWords, Math.round(share * NARRATION_SHARE));
  const keptQuotes = new Map<Unit, string>(
    condenseDialogue(quotes, share - reserve).map((kept) => [quotes[kept.index]!, kept.text]),
  );
  const keptDialogue = [...keptQuotes.values()].reduce((sum, text) => sum + countWords(text), 0);
  const chosen = chooseNarration(
    sentences.map((sentence) => sentence.text),
    Math.max(reserve, share - keptDialogue),
  );
  const drafts: LineDraft[] = [];
  units.forEach((unit, unitIndex) => {
    const nearby = narrationAround(units, unitIndex);
    const context = nearby[0] ?? "";
    if (unit.kind === "quote") {
      const kept = keptQuotes.get(unit);
      if (kept === undefined) return;
      drafts.push({
        text: collapseSpace(kept),
        speaker: unit.speaker ?? NARRATOR,
        emotion: quoteEmotion(unit.text, unit.verb),
        // Who is in frame comes from the narration; a name said inside the quote is talked
        // about, not necessarily there.
        named: units
          .filter((other) => other.kind === "narration" && other.paragraph === unit.paragraph)
          .flatMap((other) => other.named),
        context,
        nearby,
      });
      return;
    }
    const kept = sentences.filter(
      (sentence, index) => sentence.unitIndex === unitIndex && chosen.has(index),
    );
    if (kept.length === 0) return;
    drafts.push({
      text: collapseSpace(kept.map((sentence) => sentence.text).join(" ")),
      speaker: NARRATOR,
      emotion: "neutral",
      named: unit.named,
      context: unit.text,
      nearby: [kept.map((sentence) => sentence.text).join(" "), ...nearby.slice(1)],
    });
  });
  if (drafts.length === 0) return null;
  const chapterIndex = input.chapter.index;
  const narration = units
    .filter((unit) => unit.kind === "narration")
    .map((unit) => unit.text)
    .join("\n\n");
  const { heading, location, place, time } = sceneHeading(
    narration,
    input.bible,
    input.chapter.title,
  );
  const mood = sceneMood(source.text);
  const planned = planShots(drafts, { opensChapter: number === 1, place, time, mood, nameOf });
  const shotOf = new Map<number, string>();
  planned.forEach((shot, position) => {
    for (const line of shot.lines) shotOf.set(line, shotId(chapterIndex, number, position + 1));
  });
  return {
    id: sceneId(chapterIndex, number),
    heading,
    location,
    summary: summary(
      sentences.map((sentence) => sentence.text),
      drafts,
    ),
    mood,
    shots: planned.map((shot, position) => ({
      id: shotId(chapterIndex, number, position + 1),
      description: shot.description,
      camera: shot.camera,
      characters: shot.characters,
    })),
    lines: drafts.map((draft, position) => ({
      id: lineId(chapterIndex, number, position + 1),
      speaker: draft.speaker,
      text: draft.text,
      emotion: draft.emotion as Scene["lines"][number]["emotion"],
      shot: shotOf.get(position)!,
    })),
    sourceHash: sha256(source.text),
  };
}

/**
 * The narration sentences to keep: the most central ones within the budget, always with the
 * scene's first full sentence (it establishes where and who). Fragments left around quotes
 * ("and coldly said,") are kept only when nothing else is there.
 */
function chooseNarration(sentences: readonly string[], budget: number): Set<number> {
  if (sentences.length === 0) return new Set();
  const whole = sentences
    .map((text, index) => ({ text, index }))
    .filter((sentence) => isWholeSentence(sentence.text));
  const pool = whole.length > 0 ? whole : sentences.map((text, index) => ({ text, index }));
  const opening = pool[0]!;
  const rest = pool.slice(1);
  const picked = selectCentral(
    rest.map((sentence) => sentence.text),
    budget - countWords(opening.text),
  ).map((position) => rest[position]!.index);
  return new Set([opening.index, ...picked]);
}

function isWholeSentence(text: string): boolean {
  return /^[“"‘'(]?\p{Lu}/u.test(text) && /[.!?…]["”’')]*$/u.test(text) && countWords(text) >= 3;
}

/** Narration units within a few units of the line, nearest first. */
function narrationAround(units: readonly Unit[], index: number, reach = 4): string[] {
  const found: string[] = [];
  for (let distance = 0; distance <= reach; distance++) {
    for (const position of distance === 0 ? [index] : [index - distance, index + distance]) {
      const unit = units[position];
      if (unit?.kind === "narration" && !found.includes(unit.text)) found.push(unit.text);
    }
  }
  return found;
}

/** The scene's most central narration sentence (or its first line when it has none). */
function summary(sentences: readonly string[], drafts: readonly LineDraft[]): string {
  const scores = centrality(sentences);
  let best = -1;
  scores.forEach((score, index) => {
    if (best < 0 || score > (scores[best] ?? 0)) best = index;
  });
  const text = sentences[best] ?? drafts[0]?.text ?? "";
  return text.length > 300 ? `${text.slice(0, 299).trimEnd()}…` : text;
}

function newCharacter(id: string, name: string, chapter: number): CharacterDraft & { id: string } {
  return {
    id,
    name,
    aliases: [],
    role: "minor",
    description: "",
    personality: "",
    gender: "unknown",
    age: "unknown",
    mentions: 1,
    firstChapter: chapter,
  };
}

function emptyScene(input: AdaptInput): Scene {
  const { chapter } = input;
  const title = chapter.title.trim() === "" ? `Chapter ${chapter.index}` : chapter.title.trim();
  return {
    id: sceneId(chapter.index, 1),
    heading: `INT./EXT. ${title.toUpperCase()} - DAY`,
    location: null,
    summary: title,
    mood: "calm",
    shots: [
      { id: shotId(chapter.index, 1, 1), description: title, camera: "WIDE", characters: [] },
    ],
    lines: [
      {
        id: lineId(chapter.index, 1, 1),
        speaker: NARRATOR,
        text: title,
        emotion: "neutral",
        shot: shotId(chapter.index, 1, 1),
      },
    ],
    sourceHash: sha256(chapter.text),
  };
}
