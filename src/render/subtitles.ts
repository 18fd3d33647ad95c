import type { ChapterTimeline, PlannedLine } from "./timeline-types.js";

/**
 * Subtitles from the plan (research §3): one group of cues per line, every cue inside its
 * line's audio window by construction (the first starts at the line's start, each ends where
 * the next begins, the last ends with the audio), gaps between lines left empty.
 */
export interface SubtitleCue {
  lineId: string;
  /** Seconds from the chapter's start. */
  start: number;
  end: number;
  /** One or two rows, each at most `SUBTITLE_LIMITS.rowWidth` columns. */
  rows: string[];
}

/** Broadcast readability limits; CJK characters count two columns (21 per row). */
export const SUBTITLE_LIMITS = { rowWidth: 42, cueSeconds: 7, shortCueSeconds: 1 } as const;

interface Token {
  text: string;
  /** Joined to the previous token with a space (not between two CJK characters). */
  spaced: boolean;
  start: number;
  end: number;
}

const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;
/** Never at a row's start: punctuation, and (kinsoku) Japanese small kana and the long-vowel mark. */
const NO_BREAK_BEFORE = /^[\p{P}\p{S}ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶー々]$/u;
const SENTENCE_END = /[.!?;…。！？；]["'”’)]*$/u;

const isWide = (character: string) => WIDE.test(character);
const width = (text: string) =>
  Array.from(text).reduce((sum, character) => sum + (isWide(character) ? 2 : 1), 0);

/** Every line's cues, in chapter order. */
export function subtitleCues(timeline: ChapterTimeline): SubtitleCue[] {
  return timeline.scenes.flatMap((scene) =>
    scene.shots.flatMap((shot) => shot.lines.flatMap((line) => lineCues(line))),
  );
}

/** One line's cues: greedy fill of ≤ 2 balanced rows, ≤ 7 s, short cues merged when they fit. */
export function lineCues(line: PlannedLine): SubtitleCue[] {
  const tokens = timedTokens(line);
  if (tokens.length === 0 || line.duration <= 0) return [];
  const groups: Token[][] = [];
  let group: Token[] = [];
  for (const token of tokens) {
    const first = group[0];
    if (
      first &&
      (!wrap([...group, token]) || token.end - first.start > SUBTITLE_LIMITS.cueSeconds)
    ) {
      groups.push(group);
      group = [];
    }
    group.push(token);
    // A sentence end is a good place to change cues once the cue is half full.
    if (SENTENCE_END.test(token.text) && width(join(group)) >= SUBTITLE_LIMITS.rowWidth) {
      groups.push(group);
      group = [];
    }
  }
  if (group.length > 0) groups.push(group);

  const lineEnd = line.start + line.duration;
  const cues = groups.map((tokensOfCue, index) => {
    const start = index === 0 ? line.start : (tokensOfCue[0]?.start ?? line.start);
    const next = groups[index + 1]?.[0]?.start ?? lineEnd;
    // A long pause (or one drawn-out word) leaves the screen empty after 7 s, not a stale cue.
    const end = Math.min(next, start + SUBTITLE_LIMITS.cueSeconds);
    return { tokens: tokensOfCue, start, end };
  });
  mergeShortCues(cues);
  return cues.map((cue) => ({
    lineId: line.id,
    start: cue.start,
    end: cue.end,
    rows: wrap(cue.tokens) ?? hardRows(cue.tokens),
  }));
}

/** A cue under a second joins a neighbour when the merged text still fits; a short line keeps its short cue. */
function mergeShortCues(cues: Array<{ tokens: Token[]; start: number; end: number }>): void {
  for (let index = 0; index < cues.length; index++) {
    const cue = cues[index];
    if (!cue || cues.length === 1 || cue.end - cue.start >= SUBTITLE_LIMITS.shortCueSeconds)
      continue;
    for (const neighbour of [index - 1, index + 1]) {
      const [first, second] = neighbour < index ? [cues[neighbour], cue] : [cue, cues[neighbour]];
      if (!first || !second) continue;
      const tokens = [...first.tokens, ...second.tokens];
      if (!wrap(tokens) || second.end - first.start > SUBTITLE_LIMITS.cueSeconds) continue;
      cues.splice(Math.min(index, neighbour), 2, { tokens, start: first.start, end: second.end });
      index = -1; // start over: the merged cue may itself be short
      break;
    }
  }
}

/** Tokens with chapter times: the provider's word timings, else the line spread by characters. */
function timedTokens(line: PlannedLine): Token[] {
  const clamp = (seconds: number) => Math.min(line.duration, Math.max(0, seconds));
  const spans =
    line.words.length > 0
      ? line.words.map((word) => ({
          text: word.word,
          start: clamp(word.start),
          end: clamp(word.end),
        }))
      : [{ text: line.text, start: 0, end: line.duration }];
  const tokens: Token[] = [];
  for (const span of spans) {
    const pieces = tokenize(span.text);
    const first = pieces[0];
    const previous = tokens.at(-1);
    if (first && previous)
      first.spaced = !(isWide(previous.text.slice(-1)) && isWide(first.text[0] ?? ""));
    // Time spreads over the characters (CJK has no words to count).
    const weights = pieces.map((piece) => width(piece.text) + (piece.spaced ? 1 : 0));
    const total = weights.reduce((sum, weight) => sum + weight, 0) || 1;
    let at = span.start;
    pieces.forEach((piece, index) => {
      const length = ((span.end - span.start) * (weights[index] ?? 0)) / total;
      tokens.push({ ...piece, start: line.start + at, end: line.start + at + length });
      at += length;
    });
  }
  return tokens;
}

/** Words by spaces; CJK runs by character (punctuation stays on its character); over-long words cut. */
function tokenize(text: string): Array<{ text: string; spaced: boolean }> {
  const pieces: Array<{ text: string; spaced: boolean }> = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let spaced = true;
    let current = "";
    const push = () => {
      if (current) pieces.push({ text: current, spaced });
      current = "";
      spaced = false;
    };
    for (const character of Array.from(word)) {
      const attach = NO_BREAK_BEFORE.test(character) && current !== "";
      if (isWide(character) && !attach) push();
      else if (width(current + character) > SUBTITLE_LIMITS.rowWidth) push();
      else if (current && isWide(Array.from(current).at(-1) ?? "") && !attach) push();
      current += character;
    }
    push();
  }
  return pieces;
}

function join(tokens: Token[]): string {
  return tokens
    .map((token, index) => (index > 0 && token.spaced ? ` ${token.text}` : token.text))
    .join("");
}

/** One row, or two rows with the most even break; null when the tokens do not fit two rows. */
function wrap(tokens: Token[]): string[] | null {
  const whole = join(tokens);
  if (width(whole) <= SUBTITLE_LIMITS.rowWidth) return [whole];
  let best: { rows: string[]; score: number } | null = null;
  for (let split = 1; split < tokens.length; split++) {
    const top = join(tokens.slice(0, split));
    const bottom = join(tokens.slice(split));
    const [topWidth, bottomWidth] = [width(top), width(bottom)];
    if (topWidth > SUBTITLE_LIMITS.rowWidth || bottomWidth > SUBTITLE_LIMITS.rowWidth) continue;
    const score = Math.abs(topWidth - bottomWidth);
    if (!best || score < best.score) best = { rows: [top, bottom], score };
  }
  return best?.rows ?? null;
}

/** Unreachable (groups are built to fit and tokens are cut at the row width): no text is lost. */
function hardRows(tokens: Token[]): string[] {
  return [join(tokens)];
}

/** `00:01:02,345` / `00:01:02.345` from whole milliseconds. */
function stamp(ms: number, separator: "," | "."): string {
  const pad = (value: number, digits = 2) => String(value).padStart(digits, "0");
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

/** Starts round up and ends down (less float noise), so a written cue never leaves its window. */
function span(cue: SubtitleCue, separator: "," | "."): string {
  const start = Math.max(0, Math.ceil(cue.start * 1000 - 1e-6));
  // A sub-millisecond cue would end before it starts once rounded: it keeps its start instant.
  const end = Math.max(start, Math.floor(cue.end * 1000 + 1e-6));
  return `${stamp(start, separator)} --> ${stamp(end, separator)}`;
}

/** SubRip. `-->` inside text would read as a timing line, so it becomes an arrow. */
export function toSrt(cues: readonly SubtitleCue[]): string {
  return cues
    .map(
      (cue, index) =>
        `${index + 1}\n${span(cue, ",")}\n${cue.rows.map((row) => row.replaceAll("-->", "→")).join("\n")}\n`,
    )
    .join("\n");
}

/** WebVTT: `&`, `<` and `>` escaped (which also defuses `-->`). */
export function toWebVtt(cues: readonly SubtitleCue[]): string {
  const escapeText = (row: string) =>
    row.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  return `WEBVTT\n\n${cues.map((cue) => `${span(cue, ".")}\n${cue.rows.map(escapeText).join("\n")}\n`).join("\n")}`;
}
