import type { WordTiming } from "../spec/index.js";

/** One synthesis event as the eSpeak NG C API reports it (positions are 1-based code points). */
export interface EspeakEvent {
  type: string;
  /** 1-based index into the text, in code points. */
  textPosition: number;
  length: number;
  /** Milliseconds from the start of the audio. */
  audioMs: number;
  /** Phoneme events: the phoneme, "" for a pause. */
  phoneme?: string;
}

/**
 * Word timings from eSpeak's own word events. A word starts at its event and ends at the next
 * boundary (a pause, a clause end or the next word), so trailing silence is not counted.
 * eSpeak runs short unstressed words into their neighbour ("from the" is one event); such
 * words share their group's time in proportion to their length, so every word of the text
 * gets a timing, spelled as in the text.
 */
export function timingsFromEvents(
  text: string,
  events: readonly EspeakEvent[],
  durationSeconds: number,
): WordTiming[] {
  // Some languages (Japanese kanji) report one word twice; only its first event counts.
  const firstWordEvents = new Map<number, EspeakEvent>();
  for (const event of events)
    if (event.type === "word" && !firstWordEvents.has(event.textPosition))
      firstWordEvents.set(event.textPosition, event);
  const boundaries = events
    .filter(
      (event) =>
        event.type === "end" ||
        (event.type === "word" && firstWordEvents.get(event.textPosition) === event) ||
        (event.type === "phoneme" && event.phoneme === ""),
    )
    .map((event) => Math.min(event.audioMs / 1000, durationSeconds));
  const tokens = textTokens(text);
  const anchors = new Map<number, number>(); // token index → start seconds
  for (const event of firstWordEvents.values()) {
    const index = tokens.findIndex((token) => token.last >= event.textPosition);
    if (index >= 0 && !anchors.has(index))
      anchors.set(index, Math.min(event.audioMs / 1000, durationSeconds));
  }
  const anchorIndexes = [...anchors.keys()].sort((left, right) => left - right);
  if (anchorIndexes.length === 0) return [];
  const words: WordTiming[] = [];
  anchorIndexes.forEach((anchorIndex, position) => {
    const groupStart = position === 0 ? 0 : anchorIndex;
    const groupEnd = anchorIndexes[position + 1] ?? tokens.length;
    const start = anchors.get(anchorIndex) ?? 0;
    const end = Math.max(start, boundaries.find((boundary) => boundary > start) ?? durationSeconds);
    words.push(...share(tokens.slice(groupStart, groupEnd), start, end));
  });
  return words;
}

interface Token {
  word: string;
  /** 1-based code-point position of the token's last character. */
  last: number;
}

function textTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let current = "";
  let position = 0;
  for (const character of text) {
    position++;
    if (/\s/u.test(character)) {
      if (current !== "") tokens.push({ word: current, last: position - 1 });
      current = "";
    } else current += character;
  }
  if (current !== "") tokens.push({ word: current, last: position });
  return tokens;
}

/** Splits [start, end] among `tokens` in proportion to their letters. */
function share(tokens: readonly Token[], start: number, end: number): WordTiming[] {
  const weights = tokens.map((token) => letterCount(token.word));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let cursor = start;
  return tokens.map((token, index) => {
    const from = cursor;
    cursor =
      index === tokens.length - 1 ? end : from + ((end - start) * (weights[index] ?? 1)) / total;
    return { word: token.word, start: from, end: cursor };
  });
}

function letterCount(word: string): number {
  return Array.from(word.replace(/[^\p{L}\p{N}]/gu, "")).length || 1;
}

/**
 * Estimated timings when the engine reports none (the espeak-ng command line): each word gets
 * a share of the audio proportional to its length, plus a pause share after punctuation.
 */
export function estimateTimings(text: string, durationSeconds: number): WordTiming[] {
  const words = text.split(/\s+/).filter((word) => word !== "");
  const weights = words.map((word) => {
    const letters = letterCount(word);
    const pause = /[.!?…。！？]["'”’»)]*$/u.test(word)
      ? 4
      : /[,;:、，；：]["'”’»)]*$/u.test(word)
        ? 2
        : 0;
    return { speech: letters + 1, pause };
  });
  const total = weights.reduce((sum, weight) => sum + weight.speech + weight.pause, 0);
  if (total === 0) return [];
  const secondsPerUnit = durationSeconds / total;
  let cursor = 0;
  return words.map((word, index) => {
    const weight = weights[index] ?? { speech: 1, pause: 0 };
    const start = cursor;
    const end = start + weight.speech * secondsPerUnit;
    cursor = end + weight.pause * secondsPerUnit;
    return { word, start, end };
  });
}
