import { Fountain } from "fountain-js";
import { characterCue } from "../../src/script/fountain.js";
import type { Bible, Screenplay } from "../../src/script/schema.js";

/** What a Fountain round trip must keep: scene headings, character cues and dialogue, in order. */
export interface ScriptOutline {
  headings: string[];
  cues: string[];
  dialogue: string[];
}

/** Backslash escapes as fountain-js knows them, plus the `(` and `[` litink escapes. */
const unescapeFountain = (text: string) => text.replace(/\\([@#!*_$~`+=.><\\/([])/g, "$1");
const flat = (text: string) => text.replace(/\s+/g, " ").trim();

/** Reads a Fountain document back with a real parser (fountain-js). */
export function readBack(
  text: string,
): ScriptOutline & { sections: string[]; actions: string[]; title: string } {
  const parsed = new Fountain().parse(text, true);
  const of = (type: string) =>
    parsed.tokens.filter((token) => token.type === type).map((token) => token.text ?? "");
  return {
    title: parsed.title,
    sections: of("section"),
    actions: of("action").map((action) => flat(unescapeFountain(action))),
    headings: of("scene_heading").map(flat),
    cues: of("character"),
    dialogue: of("dialogue").map((line) => flat(unescapeFountain(line))),
  };
}

/** The same outline, from the JSON the Fountain was written from. */
export function outlineOf(bible: Bible, screenplays: readonly Screenplay[]): ScriptOutline {
  const names = new Map(bible.characters.map((character) => [character.id, character.name]));
  const scenes = screenplays.flatMap((screenplay) => screenplay.scenes);
  const lines = scenes.flatMap((scene) => scene.lines);
  return {
    headings: scenes.map((scene) => flat(scene.heading)),
    // fountain-js drops the `@` that forces a cue.
    cues: lines.map((line) => characterCue(line.speaker, names).replace(/^@/, "")),
    dialogue: lines.map((line) => flat(line.text)),
  };
}
