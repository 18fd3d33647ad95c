import { lineId, sceneId, shotId } from "../ids.js";
import { NARRATOR, type Scene, screenplaySchema } from "../schema.js";
import { slugify } from "../slug.js";
import type { AdaptInput, AdaptResult, CharacterDraft } from "../writer.js";
import { attributor, quoteEmotion, type Unit } from "./attribute.js";
import { centrality, selectCentral } from "./condense.js";
import { sceneHeading, sceneMood } from "./heading.js";
import { detectQuoteStyle } from "./quotes.js";
import { type SceneSource, splitScenes, storyText } from "./scenes.js";
import { planShots, type ShotLine } from "./shots.js";
import { collapseSpace, countWords, sha256, splitSentences } from "./text.js";

/**
 * The offline adaptation of one chapter: scenes, their dialogue with speakers, their
 * narration condensed to the scene's share of the target, shots over the lines. Every scene
 * is built from its own text, the bible and the target ratio only, so an edit to one scene's
 * text changes that scene alone.
 */

interface LineDraft extends ShotLine {
  text: string;
}

export async function adaptChapter(input: AdaptInput): Promise<AdaptResult> {
  const { chapter, bible, target } = input;
  const style = detectQuoteStyle(storyText(chapter.text));
  const newCharacters = new Map<string, CharacterDraft>();
  const cast = bible.characters;
  const nameOf = new Map(cast.map((character) => [character.id, character.name]));
  const speakerIds = new Set(cast.map((character) => character.id));
  const attribution = attributor(cast, style, (name) => slugify(name, "someone"));
  const sources = splitScenes(chapter.text);
  const scenes: Scene[] = [];
  sources.forEach((source) => {
    const units = joinSplitQuotes(attribution.attribute(source.paragraphs));
    for (const unit of units) {
      if (unit.kind !== "quote" || unit.newName === undefined || unit.speaker === null) continue;
      if (speakerIds.has(unit.speaker)) continue;
      const known = newCharacters.get(unit.speaker);
      if (known) known.mentions++;
      else newCharacters.set(unit.speaker, newCharacter(unit.newName, chapter.index));
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
    scenes,
  });
  return { screenplay, newCharacters: [...newCharacters.values()] };
}

/** `"…," said Alice, "…"`: two quotes of one speaker in one paragraph are one line. */
function joinSplitQuotes(units: readonly Unit[]): Unit[] {
  const joined: Unit[] = [];
  for (const unit of units) {
    const previous = joined[joined.length - 1];
    const between = previous && previous.kind === "quote" && unit.kind === "quote";
    if (between && previous.paragraph === unit.paragraph && previous.speaker === unit.speaker) {
      previous.text = `${previous.text} ${unit.text}`;
      previous.named = [...previous.named, ...unit.named];
      continue;
    }
    joined.push({ ...unit });
  }
  return joined;
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
  const dialogueWords = quotes.reduce((sum, unit) => sum + countWords(unit.text), 0);
  // Dialogue stays whole unless it alone is longer than the scene's share.
  const keptQuotes = new Set<Unit>(
    dialogueWords <= share
      ? quotes
      : selectCentral(
          quotes.map((unit) => unit.text),
          share,
        ).map((index) => quotes[index]!),
  );
  const keptDialogue = [...keptQuotes].reduce((sum, unit) => sum + countWords(unit.text), 0);
  const sentences = units.flatMap((unit, unitIndex) =>
    unit.kind === "narration" ? splitSentences(unit.text).map((text) => ({ text, unitIndex })) : [],
  );
  let chosen = new Set(
    selectCentral(
      sentences.map((sentence) => sentence.text),
      share - keptDialogue,
    ),
  );
  if (chosen.size === 0 && keptQuotes.size === 0 && sentences.length > 0) chosen = new Set([0]);
  const drafts: LineDraft[] = [];
  units.forEach((unit, unitIndex) => {
    const context = nearestNarration(units, unitIndex);
    if (unit.kind === "quote") {
      if (!keptQuotes.has(unit)) return;
      drafts.push({
        text: collapseSpace(unit.text),
        speaker: unit.speaker ?? NARRATOR,
        emotion: quoteEmotion(unit.text, unit.verb),
        named: unit.named,
        context,
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
    });
  });
  if (drafts.length === 0) return null;
  const chapterIndex = input.chapter.index;
  const { heading, location } = sceneHeading(source.text, input.bible, input.chapter.title);
  const place = heading.replace(/^\S+ /, "").replace(/ - [^-]+$/, "");
  const planned = planShots(drafts, { opensChapter: number === 1, place, nameOf });
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
    mood: sceneMood(source.text),
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

function nearestNarration(units: readonly Unit[], index: number): string {
  for (let distance = 0; distance < units.length; distance++) {
    const before = units[index - distance];
    if (before?.kind === "narration") return before.text;
    const after = units[index + distance];
    if (after?.kind === "narration") return after.text;
  }
  return "";
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

function newCharacter(name: string, chapter: number): CharacterDraft {
  return {
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
