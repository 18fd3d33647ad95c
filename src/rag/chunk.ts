import { type Sentence, splitSentences } from "./sentences.js";

/**
 * A passage of one chapter on sentence boundaries, with character offsets into the
 * chapter's text so later stages can quote and cite exactly.
 */
export interface Passage {
  /** 0-based position of the passage within its chapter. */
  ordinal: number;
  /** Offsets into the chapter text: text === chapterText.slice(start, end). */
  start: number;
  end: number;
  text: string;
}

export interface ChunkOptions {
  /** Aim for passages of about this many characters (default chosen and justified below). */
  targetChars?: number;
  /** Characters of the previous passage repeated at the start of the next (whole sentences). */
  overlapChars?: number;
}

/**
 * ~1,000 characters ≈ 180 English words ≈ 250 tokens: long enough to hold a scene beat (who is
 * present, what happens, a line or two of dialogue) for the script writer, short enough that a
 * retrieved passage is about one thing, and far below any embedding model's input limit
 * (text-embedding-3-small takes 8,191 tokens). War and Peace gives ~3,500 passages.
 */
export const DEFAULT_TARGET_CHARS = 1000;
/**
 * ~150 characters ≈ one typical sentence: a quoted span that crosses a passage boundary is
 * still found whole in the next passage, at ~15% extra text to embed and store.
 */
export const DEFAULT_OVERLAP_CHARS = 150;

/** A break at a paragraph end is preferred over filling the passage, if it keeps this much. */
const PARAGRAPH_BREAK_MIN_FILL = 0.6;
/** A last passage with less new text than this share of the target joins the one before. */
const SMALL_TAIL_SHARE = 0.25;

/**
 * Packs whole sentences into passages of about `targetChars`, breaking at paragraph ends when
 * that keeps a passage reasonably full; the next passage repeats the previous one's last
 * sentences up to `overlapChars`. Only a sentence longer than twice the target is cut, at
 * whitespace. Deterministic; empty or whitespace-only text gives no passages.
 */
export function chunkChapter(text: string, options: ChunkOptions = {}): Passage[] {
  const target = options.targetChars ?? DEFAULT_TARGET_CHARS;
  if (!Number.isFinite(target) || target < 1)
    throw new RangeError(`targetChars must be a positive number, got ${target}`);
  // Overlap beyond half the target would make most of every passage a repeat.
  const overlap = Math.max(0, Math.min(options.overlapChars ?? DEFAULT_OVERLAP_CHARS, target / 2));
  const units = cutLongSentences(text, splitSentences(text), target);
  const spans: Array<{ start: number; end: number; newStart: number }> = [];
  let first = 0;
  let fresh = 0;
  while (fresh < units.length) {
    const start = units[first]!.start;
    let last = fresh;
    while (last + 1 < units.length && units[last + 1]!.end - start <= target) last++;
    if (last + 1 < units.length && !units[last]!.paragraphEnd) {
      for (let candidate = last - 1; candidate >= fresh; candidate--) {
        const unit = units[candidate]!;
        if (unit.end - start < target * PARAGRAPH_BREAK_MIN_FILL) break;
        if (unit.paragraphEnd) {
          last = candidate;
          break;
        }
      }
    }
    spans.push({ start, end: units[last]!.end, newStart: units[fresh]!.start });
    let overlapFirst = last + 1;
    while (overlapFirst - 1 > first && units[last]!.end - units[overlapFirst - 1]!.start <= overlap)
      overlapFirst--;
    first = overlapFirst;
    fresh = last + 1;
  }
  mergeSmallTail(spans, target);
  return spans.map((span, ordinal) => ({
    ordinal,
    start: span.start,
    end: span.end,
    text: text.slice(span.start, span.end),
  }));
}

function mergeSmallTail(
  spans: Array<{ start: number; end: number; newStart: number }>,
  target: number,
): void {
  const tail = spans.at(-1);
  const before = spans.at(-2);
  if (!tail || !before) return;
  const fresh = tail.end - Math.max(tail.newStart, before.end);
  if (fresh < target * SMALL_TAIL_SHARE && tail.end - before.start <= target * 1.25) {
    before.end = tail.end;
    spans.pop();
  }
}

/** Sentences over twice the target (lists, run-on prose, missing punctuation) cut at spaces. */
function cutLongSentences(text: string, sentences: Sentence[], target: number): Sentence[] {
  const units: Sentence[] = [];
  for (const sentence of sentences) {
    if (sentence.end - sentence.start <= target * 2) {
      units.push(sentence);
      continue;
    }
    let start = sentence.start;
    while (sentence.end - start > target) {
      let cut = text.lastIndexOf(" ", start + target);
      if (cut <= start) cut = lastWhitespace(text, start, start + target);
      if (cut <= start) cut = avoidSurrogateSplit(text, start + target);
      let pieceEnd = cut;
      while (pieceEnd > start && /\s/.test(text.charAt(pieceEnd - 1))) pieceEnd--;
      units.push({ start, end: pieceEnd, paragraphEnd: false });
      start = cut;
      while (start < sentence.end && /\s/.test(text.charAt(start))) start++;
    }
    if (start < sentence.end)
      units.push({ start, end: sentence.end, paragraphEnd: sentence.paragraphEnd });
  }
  return units;
}

function lastWhitespace(text: string, from: number, to: number): number {
  for (let position = to; position > from; position--) {
    if (/\s/.test(text.charAt(position))) return position;
  }
  return -1;
}

/** Never leave half a surrogate pair at either side of a cut. */
function avoidSurrogateSplit(text: string, cut: number): number {
  const code = text.charCodeAt(cut - 1);
  return code >= 0xd800 && code <= 0xdbff ? cut - 1 : cut;
}
