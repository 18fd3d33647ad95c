/**
 * Line wrapping for drawn frames. `Intl.Segmenter` finds word boundaries in every script,
 * including Chinese and Japanese, which have no spaces, so one routine serves every book.
 */
export type MeasureText = (text: string) => number;

const ELLIPSIS = "…";

export function wrapText(
  text: string,
  maxWidth: number,
  measure: MeasureText,
  maxLines: number,
): { lines: string[]; truncated: boolean } {
  const pieces = breakablePieces(text.replace(/\s+/g, " ").trim(), maxWidth, measure);
  const lines: string[] = [];
  let current = "";
  for (const piece of pieces) {
    const candidate = current + piece;
    if (current.trim() !== "" && measure(candidate.trimEnd()) > maxWidth) {
      lines.push(current.trim());
      current = piece.trimStart();
    } else {
      current = candidate;
    }
  }
  if (current.trim() !== "") lines.push(current.trim());
  if (lines.length <= maxLines) return { lines, truncated: false };
  const kept = lines.slice(0, Math.max(0, maxLines));
  const lastIndex = kept.length - 1;
  if (lastIndex >= 0) kept[lastIndex] = ellipsize(kept[lastIndex] ?? "", maxWidth, measure);
  return { lines: kept, truncated: true };
}

/** `text` itself when it fits, else shortened with an ellipsis. */
export function fitText(text: string, maxWidth: number, measure: MeasureText): string {
  return measure(text) <= maxWidth ? text : ellipsize(text, maxWidth, measure);
}

/** Shortens `text` until it plus an ellipsis fits. */
export function ellipsize(text: string, maxWidth: number, measure: MeasureText): string {
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)];
  let kept = graphemes.map((segment) => segment.segment);
  while (kept.length > 0 && measure(`${kept.join("").trimEnd()}${ELLIPSIS}`) > maxWidth)
    kept = kept.slice(0, -1);
  return `${kept.join("").trimEnd()}${ELLIPSIS}`;
}

/**
 * Word segments with their trailing spaces; punctuation sticks to its word (no line starts
 * with a comma, no opening quote ends a line); a word wider than a line is split by grapheme.
 */
function breakablePieces(text: string, maxWidth: number, measure: MeasureText): string[] {
  const pieces: string[] = [];
  for (const { segment, isWordLike } of new Intl.Segmenter(undefined, {
    granularity: "word",
  }).segment(text)) {
    const last = pieces[pieces.length - 1];
    const lastIsOpen = last !== undefined && !/\s$/.test(last);
    const isSpace = /^\s+$/.test(segment);
    const glues =
      last !== undefined &&
      (isSpace || (lastIsOpen && (!isWordLike || !/[\p{L}\p{N}]/u.test(last))));
    if (glues) pieces[pieces.length - 1] = last + segment;
    else if (!isSpace) pieces.push(segment);
  }
  return pieces.flatMap((piece) => splitOversized(piece, maxWidth, measure));
}

function splitOversized(piece: string, maxWidth: number, measure: MeasureText): string[] {
  if (measure(piece.trimEnd()) <= maxWidth) return [piece];
  const chunks: string[] = [];
  let chunk = "";
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(
    piece,
  )) {
    if (chunk !== "" && measure(chunk + segment) > maxWidth) {
      chunks.push(chunk);
      chunk = "";
    }
    chunk += segment;
  }
  if (chunk !== "") chunks.push(chunk);
  return chunks;
}
