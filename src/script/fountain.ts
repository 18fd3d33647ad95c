import { type Bible, NARRATOR, type Screenplay } from "./schema.js";

/**
 * The whole book's screenplay as Fountain (https://fountain.io/syntax), pure. Every element
 * is written so that a standard parser reads it back as what it is: headings as headings,
 * cues as cues, each line's text as dialogue. Narration is dialogue too (a `NARRATOR (V.O.)`
 * cue), so the narrated text survives the round trip instead of dissolving into action.
 */

export interface FountainSource {
  /** Where the adaptation came from, for the title page (e.g. the book's file name). */
  source?: string;
}

/** Screenplays in chapter order, one Fountain document. */
export function toFountain(
  bible: Bible,
  screenplays: readonly Screenplay[],
  options: FountainSource = {},
): string {
  const blocks: string[] = [titlePage(bible, options)];
  const names = new Map(bible.characters.map((character) => [character.id, character.name]));
  for (const screenplay of screenplays) {
    blocks.push(`# ${sectionTitle(screenplay.chapter.index, screenplay.chapter.title)}`);
    for (const scene of screenplay.scenes) {
      blocks.push(sceneHeading(scene.heading));
      const summary = oneLine(scene.summary);
      if (summary !== "") blocks.push(`= ${escapeInline(summary)}`);
      const shots = new Map(scene.shots.map((shot, position) => [shot.id, position]));
      let shown = 0;
      const showShotsUpTo = (position: number) => {
        for (; shown <= position && shown < scene.shots.length; shown++) {
          const shot = scene.shots[shown];
          if (shot) blocks.push(action(`${shot.camera}: ${shot.description}`));
        }
      };
      for (const line of scene.lines) {
        const position = shots.get(line.shot);
        if (position !== undefined) showShotsUpTo(position);
        blocks.push(dialogue(line.speaker, line.emotion, line.text, names));
      }
      showShotsUpTo(scene.shots.length - 1);
    }
  }
  return `${blocks.join("\n\n")}\n`;
}

/** The cue a line's speaker gets: the bible name in upper case, or `NARRATOR (V.O.)`. */
export function characterCue(speaker: string, names: ReadonlyMap<string, string>): string {
  if (speaker === NARRATOR) return "NARRATOR (V.O.)";
  const name = oneLine(names.get(speaker) ?? speaker.replace(/-/g, " "))
    // Parentheses would read as an extension, `^` as dual dialogue.
    .replace(/[()^]/g, "")
    .trim()
    .toUpperCase();
  return needsForcing(name) ? `@${name}` : name;
}

/** Standard Fountain sees a cue only in plain ASCII capitals; anything else is forced with `@`. */
function needsForcing(name: string): boolean {
  if (!/^[A-Z][A-Z0-9 .'’-]*$/.test(name)) return true;
  // A cue ending like a transition ("CUT TO BLACK.") is read as one.
  return /(?:BLACK|OUT)\.$/.test(name);
}

function titlePage(bible: Bible, options: FountainSource): string {
  const title = oneLine(bible.book.title ?? "") || "Untitled";
  const author = oneLine(bible.book.author ?? "");
  const lines = [`Title: ${title}`, "Credit: Adapted by litink"];
  if (author !== "") lines.push(`Author: ${author}`);
  const source = oneLine(options.source ?? "");
  lines.push(
    `Source: Based on ${author !== "" ? `the book by ${author}` : `"${title}"`}${source !== "" ? ` (${source})` : ""}`,
  );
  return lines.join("\n");
}

/** "Chapter 3: The Pool of Tears", without repeating a "CHAPTER III." the title already has. */
function sectionTitle(index: number, title: string): string {
  const rest = oneLine(title)
    .replace(/^chapter\s+(?:[0-9]+|[ivxlcdm]+)\b\s*[.:\-–—]?\s*/i, "")
    .trim();
  return rest === "" ? `Chapter ${index}` : `Chapter ${index}: ${rest}`;
}

/** The same test fountain-js and the spec apply; anything else is forced with a leading `.`. */
const STANDARD_HEADING = /^(?:(?:INT|I)\.?\/(?:EXT|E)|INT|EXT|EST)[. ]/i;

function sceneHeading(heading: string): string {
  const text = escapeInline(oneLine(heading));
  return STANDARD_HEADING.test(text) ? text : `.${text}`;
}

function dialogue(
  speaker: string,
  emotion: string,
  text: string,
  names: ReadonlyMap<string, string>,
): string {
  const lines = [characterCue(speaker, names)];
  if (emotion !== "neutral") lines.push(`(${emotion})`);
  const body = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    // A blank line would end the dialogue block.
    .filter((line) => line !== "")
    .map(escapeDialogueLine);
  lines.push(...(body.length > 0 ? body : ["..."]));
  return lines.join("\n");
}

/**
 * Inside dialogue, a line that opens and closes with parentheses reads as a parenthetical and
 * one starting with `~` as lyrics; lines starting with the other Fountain markers are escaped
 * too, for parsers that look at them. A backslash before the first character escapes it.
 */
function escapeDialogueLine(line: string): string {
  const text = escapeInline(line);
  if (/^[!@~.>=#]/.test(text) || text.startsWith("[[") || /^\(.*\)$/.test(text)) return `\\${text}`;
  return text;
}

/** Action: forced with `!` whenever the text could read as any other element. */
function action(text: string): string {
  const flat = escapeInline(oneLine(text));
  const misread =
    STANDARD_HEADING.test(flat) ||
    /^[!@~.>=#]|^\[\[|^\s*$/.test(flat) ||
    /(?:TO:|<)\s*$/.test(flat) ||
    /^(?:FADE (?:TO BLACK|OUT)|CUT TO BLACK)\.$/.test(flat);
  return misread ? `!${flat}` : flat;
}

/** `/*` opens a boneyard (a comment) that would swallow everything up to the next `*​/`. */
function escapeInline(text: string): string {
  return text.replace(/\/\*/g, "/\\*");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
