/**
 * A fast sentence splitter for chunking. One regex scan over candidate terminators plus a few
 * local checks; Intl.Segmenter is far more thorough but takes seconds on War and Peace, and
 * chunking only needs boundaries that are right nearly always and never lose text.
 */
export interface Sentence {
  /** Offsets into the text; `start` is not whitespace, `end` follows the terminator and closers. */
  start: number;
  end: number;
  /** A paragraph break ("\n\n") or the end of the text follows this sentence. */
  paragraphEnd: boolean;
}

/**
 * Terminator clusters (with any closing quotes or brackets after them), or a run of line breaks.
 * CJK full stops end a sentence even with no space after them (unspaced scripts).
 */
const CANDIDATE = /(?:[.!?…]+|[。！？．]+)["'’”»)\]」』）]*|\n(?:[ \t\u00a0]*\n)*/g;
const CJK_TERMINATOR = /^[。！？．]/;
const WHITESPACE = /\s/;

/**
 * Words that end in a full stop without ending the sentence. Kept short on purpose: a word here
 * that also ends sentences ("etc.", "No.") would glue two sentences together, which costs less
 * than a wrong split but is still a loss.
 */
const ABBREVIATIONS = new Set([
  "Mr",
  "Mrs",
  "Ms",
  "Dr",
  "St",
  "Mt",
  "Prof",
  "Rev",
  "Hon",
  "Gen",
  "Col",
  "Capt",
  "Lt",
  "Sgt",
  "Maj",
  "Jr",
  "Sr",
  "Messrs",
  "Mme",
  "Mlle",
  "vs",
  "cf",
  "viz",
]);

export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = skipWhitespace(text, 0);
  const push = (end: number, paragraphEnd: boolean): void => {
    const trimmedEnd = trimEnd(text, start, end);
    if (trimmedEnd > start) sentences.push({ start, end: trimmedEnd, paragraphEnd });
    else if (paragraphEnd) markParagraphEnd(sentences);
  };
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(text); match; match = CANDIDATE.exec(text)) {
    const at = match.index;
    const end = at + match[0].length;
    if (at < start) continue;
    if (match[0].startsWith("\n")) {
      push(at, match[0].length > 1);
      start = skipWhitespace(text, end);
      continue;
    }
    if (!endsSentence(text, match[0], at, end)) continue;
    // The whitespace after the terminator is skipped here, so the line-break match never sees it.
    const next = skipWhitespace(text, end);
    push(end, isParagraphGap(text, end, next));
    start = next;
  }
  if (start < text.length) push(text.length, true);
  markParagraphEnd(sentences);
  return sentences;
}

function endsSentence(text: string, cluster: string, at: number, end: number): boolean {
  if (CJK_TERMINATOR.test(cluster)) return true;
  // "3.14", "www.gutenberg.org", "...and": a Latin terminator needs whitespace after it.
  if (end < text.length && !WHITESPACE.test(text.charAt(end))) return false;
  const next = text.charAt(skipWhitespace(text, end));
  // `“Are you off?” said Anna` and `well... then`: the sentence goes on in lower case.
  if (next !== "" && next !== next.toUpperCase() && next === next.toLowerCase()) return false;
  if (cluster !== ".") return true;
  const word = wordBefore(text, at);
  // Initials ("H. G. Wells") and titles ("Mr. Darcy").
  if (word.length === 1 && word !== word.toLowerCase()) return false;
  return !ABBREVIATIONS.has(word);
}

function wordBefore(text: string, at: number): string {
  let from = at;
  while (from > 0 && /[\p{L}]/u.test(text.charAt(from - 1))) from--;
  return text.slice(from, at);
}

function skipWhitespace(text: string, from: number): number {
  let position = from;
  while (position < text.length && WHITESPACE.test(text.charAt(position))) position++;
  return position;
}

function isParagraphGap(text: string, from: number, to: number): boolean {
  const first = text.indexOf("\n", from);
  return (
    first !== -1 &&
    first < to &&
    text.indexOf("\n", first + 1) !== -1 &&
    text.indexOf("\n", first + 1) < to
  );
}

function trimEnd(text: string, start: number, end: number): number {
  let position = end;
  while (position > start && WHITESPACE.test(text.charAt(position - 1))) position--;
  return position;
}

function markParagraphEnd(sentences: Sentence[]): void {
  const last = sentences.at(-1);
  if (last) last.paragraphEnd = true;
}
