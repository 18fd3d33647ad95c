/**
 * Decides how a word broken across lines ('won-' + 'dered', 'hot-' + 'tempered') is
 * rejoined. A hyphen at a line end is usually the typesetter's, but compounds break there
 * too; the document's own vocabulary tells them apart: if the book never prints 'hottempered'
 * but does print 'hot-tempered' (or 'hot' and another '…-tempered'), the hyphen stays.
 */
export class Vocabulary {
  readonly #words = new Set<string>();
  readonly #compounds = new Set<string>();
  /** Second halves of compounds ('tempered' from 'sweet-tempered'). */
  readonly #compoundTails = new Set<string>();

  /** Learns from one printed line; a hyphenated fragment at its end is not a word. */
  addLine(text: string): void {
    const tokens = text.toLowerCase().match(/[\p{L}\p{M}]+(?:[-‐][\p{L}\p{M}]+)*[-‐]?/gu) ?? [];
    for (const token of tokens) {
      if (/[-‐]$/.test(token)) continue;
      if (/[-‐]/.test(token)) {
        this.#compounds.add(token.replace(/‐/g, "-"));
        this.#compoundTails.add(token.split(/[-‐]/).at(-1) ?? "");
      }
      for (const part of token.split(/[-‐]/)) this.#words.add(part);
    }
  }

  has(word: string): boolean {
    return this.#words.has(word);
  }

  hasCompound(compound: string): boolean {
    return this.#compounds.has(compound);
  }

  /** Joins `head` (ending in a hyphen) with the first word of `tail`. */
  join(head: string, tail: string): string {
    const stem = head.slice(0, -1);
    const left = (stem.match(/[\p{L}\p{M}]+$/u)?.[0] ?? "").toLowerCase();
    const right = (tail.match(/^[\p{L}\p{M}]+/u)?.[0] ?? "").toLowerCase();
    const closed = `${left}${right}`;
    const hyphenated = `${left}-${right}`;
    const seenHyphenated =
      this.#compounds.has(hyphenated) || (this.#words.has(left) && this.#compoundTails.has(right));
    const keepHyphen = seenHyphenated && !this.#words.has(closed);
    return keepHyphen ? `${head}${tail}` : `${stem}${tail}`;
  }
}

/**
 * Some text layers carry an older edition's line-end hyphens in mid-line ('Leather- head',
 * 'our- selves'). Such a pair is closed up only when the book prints the closed word (or
 * the hyphenated compound) elsewhere; anything unattested is left as printed.
 */
export function repairStaleHyphens(text: string, vocabulary: Vocabulary): string {
  return text.replace(
    /([\p{L}\p{M}]+)- ([\p{L}\p{M}]+)/gu,
    (whole, left: string, right: string) => {
      const closed = `${left}${right}`.toLowerCase();
      if (vocabulary.has(closed)) return `${left}${right}`;
      if (vocabulary.hasCompound(`${left}-${right}`.toLowerCase())) return `${left}-${right}`;
      return whole;
    },
  );
}

/** A line ending in a letter and a hyphen, followed by a line starting in lower case. */
export function isBrokenWord(head: string, tail: string): boolean {
  return /[\p{L}\p{M}][-‐\u00ad]$/u.test(head) && /^\p{Ll}/u.test(tail);
}
