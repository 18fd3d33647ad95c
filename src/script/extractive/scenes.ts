import { createHash } from "node:crypto";
import { countWords } from "./text.js";

/**
 * Scene breaks. Hard breaks are the author's: section markers (`* * *`, `***`, a lone dash)
 * and, when the text keeps them, blank-line gaps wider than the usual paragraph break. Soft
 * breaks are shifts of time or place at the start of a paragraph ("The next morning", "When
 * they reached …"), taken only once the current scene is long enough, so a chapter does not
 * turn into dozens of micro-scenes. Long stretches with no such cue are cut by content-defined
 * chunking (as rsync and restic cut files): once a scene has enough paragraphs, a narration
 * paragraph whose opening words hash into a fixed bucket starts the next one. Every decision looks only at nearby
 * text, so an edit inside one scene leaves the other scenes' boundaries where they were (a
 * length-based cut would shift every later boundary).
 */

export interface SceneSource {
  paragraphs: string[];
  /** The scene's source text (paragraphs joined by blank lines): what `sourceHash` covers. */
  text: string;
  words: number;
}

export interface SceneOptions {
  /** A soft break needs at least this many words in the scene before it. */
  minSoftWords?: number;
  /** A scene shorter than this joins the next one, even across a hard break. */
  minWords?: number;
  /** From this many paragraphs, a narration paragraph whose hash is in the bucket starts a scene. */
  minChunkParagraphs?: number;
  /** One paragraph in this many (by hash) may start a scene. */
  chunkModulus?: number;
  /** From this many paragraphs (or `maxWords` words), any narration paragraph starts a scene. */
  maxParagraphs?: number;
  maxWords?: number;
}

const SECTION_MARKER = /^\s*(?:(?:[*•·~#=_]\s*){1,}|[—–-]{1,3}|[ivxlc]+\.?|\d+\.?)\s*$/iu;
const NOT_STORY = /^\s*\[(?:Illustration|Image|Picture|Figure)\b[\s\S]*\]\s*$/i;
const SHIFT =
  /^[“"‘']?(?:(?:the\s+)?next\s+(?:morning|day|evening|night|week)|the\s+following\s+(?:morning|day|evening|week)|on\s+the\s+(?:following|next)\s+\w+|the\s+day\s+after|early\s+(?:the\s+)?next|in\s+the\s+(?:morning|evening|afternoon|night)|that\s+(?:morning|evening|night|afternoon)|when\s+(?:they|he|she|we|i)\s+(?:reached|arrived|came\s+to|got\s+to|returned)|(?:some|a\s+few|several|many|two|three|four)\s+(?:days|weeks|months|years|hours)\s+(?:later|after|passed)|meanwhile|after\s+(?:dinner|breakfast|tea|supper))\b/i;

export function splitScenes(text: string, options: SceneOptions = {}): SceneSource[] {
  const minSoftWords = options.minSoftWords ?? 250;
  const minWords = options.minWords ?? 60;
  const minChunkParagraphs = options.minChunkParagraphs ?? 5;
  const chunkModulus = options.chunkModulus ?? 4;
  const maxParagraphs = options.maxParagraphs ?? 24;
  const maxWords = options.maxWords ?? 3000;
  const blocks = paragraphsWithBreaks(text);
  const scenes: string[][] = [];
  let current: string[] = [];
  let currentWords = 0;
  const close = () => {
    if (current.length > 0) scenes.push(current);
    current = [];
    currentWords = 0;
  };
  for (const block of blocks) {
    if (block.hardBreakBefore && currentWords >= minWords) close();
    if (block.text === null) continue;
    if (SHIFT.test(block.text) && currentWords >= minSoftWords) close();
    else if (
      isNarration(block.text) &&
      // Never inside a conversation: the paragraph before the cut is narration too.
      isNarration(current[current.length - 1] ?? "") &&
      (current.length >= maxParagraphs ||
        currentWords >= maxWords ||
        (current.length >= minChunkParagraphs && bucketOf(block.text, chunkModulus) === 0))
    )
      close();
    current.push(block.text);
    currentWords += countWords(block.text);
  }
  close();
  // A short tail joins the scene before it rather than standing alone.
  const last = scenes[scenes.length - 1];
  if (scenes.length > 1 && last && countWords(last.join(" ")) < minWords) {
    scenes.pop();
    scenes[scenes.length - 1]!.push(...last);
  }
  return scenes.map((paragraphs) => {
    const joined = paragraphs.join("\n\n");
    return { paragraphs, text: joined, words: countWords(joined) };
  });
}

/** A paragraph that does not open with speech: cutting there never splits an exchange. */
function isNarration(paragraph: string): boolean {
  return !/^[“"‘'«„「『—–]/.test(paragraph);
}

/**
 * The bucket of a paragraph's opening words only: rewording the rest of a paragraph (the
 * usual edit) never moves a boundary, and counting paragraphs rather than words keeps a longer
 * or shorter paragraph from moving the next one.
 */
function bucketOf(paragraph: string, modulus: number): number {
  const opening = paragraph.toLowerCase().split(/\s+/).slice(0, 6).join(" ");
  return createHash("sha256").update(opening).digest().readUInt32BE(0) % modulus;
}

interface Block {
  /** null: a section marker or a caption, which breaks but says nothing. */
  text: string | null;
  hardBreakBefore: boolean;
}

function paragraphsWithBreaks(text: string): Block[] {
  const normalised = text.replace(/\r\n?/g, "\n");
  const separators = normalised.match(/\n[ \t]*\n(?:[ \t]*\n)*/g) ?? [];
  const wide = separators.filter((separator) => (separator.match(/\n/g)?.length ?? 0) > 2).length;
  // Wide gaps mean something only when they are the exception, not the house style.
  const wideIsBreak =
    wide > 0 && wide < separators.length && wide <= Math.max(1, separators.length * 0.3);
  const blocks: Block[] = [];
  let breakPending = false;
  for (const part of normalised.split(/(\n[ \t]*\n(?:[ \t]*\n)*)/)) {
    if (/^\n[\s]*$/.test(part)) {
      if (wideIsBreak && (part.match(/\n/g)?.length ?? 0) > 2) breakPending = true;
      continue;
    }
    const paragraph = part.replace(/\s+/g, " ").trim();
    if (paragraph === "") continue;
    if (SECTION_MARKER.test(paragraph)) {
      breakPending = true;
      continue;
    }
    if (NOT_STORY.test(paragraph)) continue;
    blocks.push({ text: paragraph, hardBreakBefore: breakPending });
    breakPending = false;
  }
  return blocks;
}

/** The chapter's story paragraphs (no section markers, no illustration captions). */
export function storyText(text: string): string {
  return paragraphsWithBreaks(text)
    .map((block) => block.text)
    .filter((paragraph): paragraph is string => paragraph !== null)
    .join("\n\n");
}
