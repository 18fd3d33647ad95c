import type { WordTiming } from "../spec/index.js";
import type { CharacterAlignment } from "./elevenlabs-api-types.js";

export type WordTimingsResult =
  | { ok: true; words: WordTiming[]; endSeconds: number | undefined }
  | { ok: false; reason: string };

const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;
const WHITESPACE = /\s/u;

/**
 * Turns ElevenLabs' per-character alignment into per-word timings for subtitles. A word is a
 * run of non-space characters, punctuation included ("Hello," stays one word). A run without
 * any letter or digit (a lone dash, an ellipsis) is glued to its neighbour, so subtitle words
 * stay words. Times are forced monotonic: cues that go backwards break subtitle players.
 */
export function wordTimingsFromAlignment(alignment: CharacterAlignment): WordTimingsResult {
  const {
    characters,
    characterStartTimesSeconds: starts,
    characterEndTimesSeconds: ends,
  } = alignment;
  if (starts.length !== characters.length || ends.length !== characters.length) {
    return {
      ok: false,
      reason: `alignment arrays differ in length (${characters.length} characters, ${starts.length} starts, ${ends.length} ends)`,
    };
  }
  const runs: WordTiming[] = [];
  let current: WordTiming | undefined;
  let latest = 0;
  for (let index = 0; index < characters.length; index++) {
    const character = characters[index] ?? "";
    const rawStart = starts[index];
    const rawEnd = ends[index];
    if (!isTime(rawStart) || !isTime(rawEnd)) {
      return { ok: false, reason: `alignment time at character ${index} is not a number` };
    }
    const start = Math.max(rawStart, latest);
    const end = Math.max(rawEnd, start);
    latest = start;
    if (character === "" || WHITESPACE.test(character)) {
      current = undefined;
      continue;
    }
    if (current) {
      current.word += character;
      current.end = end;
    } else {
      current = { word: character, start, end };
      runs.push(current);
    }
  }
  const lastEnd = ends.at(-1);
  return {
    ok: true,
    words: mergePunctuationRuns(runs),
    endSeconds: isTime(lastEnd) ? Math.max(lastEnd, latest) : undefined,
  };
}

function mergePunctuationRuns(runs: WordTiming[]): WordTiming[] {
  const words: WordTiming[] = [];
  let pendingPrefix: WordTiming | undefined;
  for (const run of runs) {
    if (HAS_WORD_CHARACTER.test(run.word)) {
      words.push(
        pendingPrefix
          ? { word: `${pendingPrefix.word} ${run.word}`, start: pendingPrefix.start, end: run.end }
          : run,
      );
      pendingPrefix = undefined;
      continue;
    }
    const previous = words.at(-1);
    if (previous) {
      previous.word = `${previous.word} ${run.word}`;
      previous.end = Math.max(previous.end, run.end);
    } else if (pendingPrefix) {
      pendingPrefix.word = `${pendingPrefix.word} ${run.word}`;
      pendingPrefix.end = run.end;
    } else {
      pendingPrefix = { ...run };
    }
  }
  // Text made only of punctuation: keep it rather than lose the timing entirely.
  if (pendingPrefix) words.push(pendingPrefix);
  return words;
}

function isTime(value: number | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}
