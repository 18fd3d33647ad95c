import type { TextLine } from "./text-line.js";

/** The part of a pdf.js `TextItem` this reader needs. */
export interface GlyphRun {
  str: string;
  transform: number[];
  width: number;
}

/**
 * Kerned text is often emitted as separate runs a fraction of a point apart (`‘Y` `ou`); a
 * word space is wider than this share of the font size, kerning is narrower.
 */
const WORD_GAP = 0.12;

/**
 * Rebuilds the lines of one page from its glyph runs. Runs on (nearly) the same baseline
 * form a line; whether two runs are one word or two is decided from the gap between them,
 * never from the space characters the producer did or did not emit.
 */
export function pageLines(runs: readonly GlyphRun[], page: number): TextLine[] {
  const lines: TextLine[] = [];
  const weights: Array<Map<number, number>> = [];
  let current: TextLine | null = null;
  for (const run of runs) {
    const text = expandLigatures(run.str);
    if (text.trim() === "") continue;
    const [, , c = 0, d = 0, x = 0, y = 0] = run.transform;
    const size = Math.round(Math.hypot(c, d) * 100) / 100;
    if (size <= 0) continue;
    const sameLine =
      current !== null &&
      Math.abs(current.y - y) <= Math.min(current.size, size) * 0.5 &&
      x >= current.right - Math.max(current.size, size) * 2;
    if (!current || !sameLine) {
      current = { page, x, y, right: x + run.width, size, text: text.trimStart() };
      lines.push(current);
      weights.push(new Map());
    } else {
      const gap = x - current.right;
      const spaced = /\s$/.test(current.text) || /^\s/.test(text);
      const joiner = spaced || gap > Math.min(current.size, size) * WORD_GAP ? " " : "";
      current.text = current.text.trimEnd() + joiner + text.trimStart();
      current.right = Math.max(current.right, x + run.width);
    }
    const sizes = weights[weights.length - 1]!;
    sizes.set(size, (sizes.get(size) ?? 0) + text.length);
  }
  return lines.map((line, index) => ({
    ...line,
    size: dominant(weights[index]!, line.size),
    text: line.text.replace(/\s+/g, " ").trim(),
  }));
}

/** ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ → their letters; nothing else is normalised. */
export function expandLigatures(text: string): string {
  return text.replace(/[\ufb00-\ufb06]/g, (ligature) => ligature.normalize("NFKC"));
}

function dominant(weights: Map<number, number>, fallback: number): number {
  let best = fallback;
  let bestWeight = -1;
  for (const [size, weight] of weights) {
    if (weight > bestWeight || (weight === bestWeight && size > best)) {
      best = size;
      bestWeight = weight;
    }
  }
  return best;
}
