import { NARRATOR, type Shot } from "../schema.js";
import { splitSentences } from "./text.js";

/**
 * Shots: one per few lines. The first shot of a scene shows the place (ESTABLISHING at the
 * start of a chapter, WIDE after); the others follow who speaks: one speaker → MEDIUM, or
 * CLOSE-UP when the lines are charged; two → TWO-SHOT and OVER-THE-SHOULDER in turn; more →
 * WIDE. The description is the narration nearest the shot's lines, plus who is in frame.
 */

export interface ShotLine {
  speaker: string;
  emotion: string;
  /** Character ids the line names or addresses. */
  named: string[];
  /** The narration nearest the line in the source (the line itself when it is narration). */
  context: string;
}

export interface PlannedShot {
  camera: Shot["camera"];
  characters: string[];
  description: string;
  /** Positions of the shot's lines in the scene. */
  lines: number[];
}

const MAX_LINES = 3;
const CHARGED = new Set([
  "excited",
  "sad",
  "angry",
  "fearful",
  "surprised",
  "whispering",
  "tender",
]);
const DESCRIPTION_LIMIT = 320;

export function planShots(
  lines: readonly ShotLine[],
  options: { opensChapter: boolean; place: string; nameOf: (id: string) => string },
): PlannedShot[] {
  const groups: number[][] = [];
  let current: number[] = [];
  lines.forEach((_line, index) => {
    // The opening shot sets the scene: it carries only the first line or two.
    const limit = groups.length === 0 ? 2 : MAX_LINES;
    if (current.length >= limit) {
      groups.push(current);
      current = [];
    }
    current.push(index);
  });
  if (current.length > 0) groups.push(current);

  return groups.map((group, position) => {
    const groupLines = group.map((index) => lines[index]!);
    const speakers = unique(groupLines.map((line) => line.speaker).filter((id) => id !== NARRATOR));
    const characters = unique([...speakers, ...groupLines.flatMap((line) => line.named)]).filter(
      (id) => id !== NARRATOR,
    );
    return {
      camera: camera(
        position,
        speakers.length,
        characters.length,
        groupLines,
        options.opensChapter,
      ),
      characters,
      description: describe(groupLines, characters, options),
      lines: group,
    };
  });
}

function camera(
  position: number,
  speakers: number,
  inFrame: number,
  lines: readonly ShotLine[],
  opensChapter: boolean,
): Shot["camera"] {
  if (position === 0) return opensChapter ? "ESTABLISHING" : "WIDE";
  if (speakers >= 3) return "WIDE";
  if (speakers === 2) return position % 2 === 0 ? "TWO-SHOT" : "OVER-THE-SHOULDER";
  if (speakers === 1)
    return lines.some((line) => CHARGED.has(line.emotion)) ? "CLOSE-UP" : "MEDIUM";
  return inFrame === 1 ? "MEDIUM" : "WIDE";
}

function describe(
  lines: readonly ShotLine[],
  characters: readonly string[],
  options: { place: string; nameOf: (id: string) => string },
): string {
  const context = lines.map((line) => line.context).find((text) => text.trim() !== "") ?? "";
  let sentence = splitSentences(context)[0] ?? "";
  if (sentence.length > DESCRIPTION_LIMIT)
    sentence = `${sentence.slice(0, DESCRIPTION_LIMIT - 1).trimEnd()}…`;
  const who = characters.map(options.nameOf);
  const frame = who.length > 0 ? `In frame: ${who.join(", ")}.` : "";
  const description = [sentence, frame].filter((part) => part !== "").join(" ");
  return description === "" ? `A view of ${options.place.toLowerCase()}.` : description;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
