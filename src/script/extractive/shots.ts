import { NARRATOR, type Shot } from "../schema.js";
import { capitalise, splitSentences } from "./text.js";

/**
 * Shots: one per few lines. The first shot of a scene shows the place (ESTABLISHING at the
 * start of a chapter, WIDE after); the others follow who speaks: one speaker → MEDIUM, or
 * CLOSE-UP when the lines are charged; two → TWO-SHOT and OVER-THE-SHOULDER in turn; more →
 * WIDE. In frame: the shot's speakers, then the people its narration names (never a name
 * said inside a quote), at most four. The description is a narration sentence near the
 * shot's lines that shows something (people, places, things, movement, light); when there is
 * none, one is composed from who is in frame, the place and the time.
 */

export interface ShotLine {
  speaker: string;
  emotion: string;
  /** Character ids the line names or addresses. */
  named: string[];
  /** The narration nearest the line in the source (the line itself when it is narration). */
  context: string;
  /** Narration around the line in the source, nearest first (for the shot's description). */
  nearby?: string[];
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
const MAX_IN_FRAME = 4;
/** Words that put something before the eye. */
const VISUAL =
  /\b(?:face|faces|eyes?|hair|hands?|arms?|head|dress|dressed|gown|coat|hat|bonnet|cap|boots|gloves|tall|short|stout|thin|handsome|pretty|beautiful|pale|smiled?|smiling|laughed|frowned|blushed|tears|room|rooms|door|doors|window|windows|fire|fireplace|table|chair|sofa|stairs|staircase|hall|house|garden|tree|trees|grass|road|street|field|wood|river|sea|sky|sun|sunshine|moon|rain|snow|light|lamp|candle|candles|shadow|dark|carriage|horse|horses|letter|book|cup|tea|walked|walking|ran|running|sat|sitting|stood|standing|rose|entered|crossed|turned|looked|looking|danced|dancing|bowed|knelt|lay|fell|opened|closed|window-seat|ball-room|assembly-room|drawing-room|crowd|party|music|dance|dances)\b/gi;

export interface ShotOptions {
  opensChapter: boolean;
  /** The scene's place as prose ("the assembly-room", "Longbourn"). */
  place: string;
  /** The time of day as prose ("evening"); "" leaves it out. */
  time?: string;
  /** The scene's mood ("comic"); "" leaves it out. */
  mood?: string;
  nameOf: (id: string) => string;
}

export function planShots(lines: readonly ShotLine[], options: ShotOptions): PlannedShot[] {
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
    const characters = inFrame(speakers, groupLines);
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

/** Speakers first (most lines first), then those the narration names most; at most four. */
function inFrame(speakers: readonly string[], lines: readonly ShotLine[]): string[] {
  const named = new Map<string, number>();
  for (const line of lines) {
    for (const id of line.named) named.set(id, (named.get(id) ?? 0) + 1);
  }
  const others = [...named]
    .filter(([id]) => id !== NARRATOR && !speakers.includes(id))
    .sort((left, right) => right[1] - left[1])
    .map(([id]) => id);
  return [...speakers, ...others].slice(0, MAX_IN_FRAME);
}

function describe(
  lines: readonly ShotLine[],
  characters: readonly string[],
  options: ShotOptions,
): string {
  const who = characters.map(options.nameOf);
  let sentence = visualSentence(lines);
  if (sentence === "") return composed(who, options);
  if (sentence.length > DESCRIPTION_LIMIT)
    sentence = `${sentence.slice(0, DESCRIPTION_LIMIT - 1).trimEnd()}…`;
  const frame = who.length > 0 ? `In frame: ${who.join(", ")}.` : "";
  return [sentence, frame].filter((part) => part !== "").join(" ");
}

/** The nearest whole narration sentence with the most to see (none: ""). */
function visualSentence(lines: readonly ShotLine[]): string {
  let best = "";
  let bestScore = 0;
  const seen = new Set<string>();
  lines.forEach((line, linePosition) => {
    const texts = line.nearby ?? [line.context];
    texts.forEach((text, distance) => {
      if (/\[(?:Illustration|Image|Picture|Figure)\b/i.test(text)) return;
      for (const sentence of splitSentences(text.replace(/\s+/g, " "))) {
        if (seen.has(sentence) || !wholeSentence(sentence) || /[“”"]/.test(sentence)) continue;
        seen.add(sentence);
        const hits = sentence.match(VISUAL)?.length ?? 0;
        // Nearer narration weighs more: a shot shows what is beside its lines.
        const score = hits / (1 + 0.5 * (distance + linePosition));
        if (hits > 0 && score > bestScore) {
          best = sentence;
          bestScore = score;
        }
      }
    });
  });
  return best;
}

function wholeSentence(text: string): boolean {
  return /^[‘'(]?\p{Lu}/u.test(text) && /[.!?…][’')]*$/u.test(text) && text.split(" ").length >= 4;
}

/** "Mrs. Bennet and Mr. Bennet in conversation in the drawing-room, morning, calm mood." */
function composed(who: readonly string[], options: ShotOptions): string {
  const where = options.place === "" ? "" : ` in ${options.place}`;
  const when = options.time ? `, ${options.time}` : "";
  const mood = options.mood ? `, ${options.mood} mood` : "";
  if (who.length === 0) {
    return options.place === ""
      ? capitalise(`An establishing view${when.replace(/^,/, "")}${mood}.`)
      : capitalise(`A view of ${options.place}${when}${mood}.`);
  }
  const people =
    who.length === 1 ? who[0]! : `${who.slice(0, -1).join(", ")} and ${who[who.length - 1]}`;
  const doing = who.length === 1 ? "" : " in conversation";
  return `${people}${doing}${where}${when}${mood}.`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
