/**
 * Decides how a word broken across lines ('won-' + 'dered', 'hot-' + 'tempered') is
 * rejoined. A hyphen at a line end is usually the typesetter's, but compounds break there
 * too; the document's own vocabulary tells them apart: if the book never prints 'hottempered'
 * but does print 'hot-tempered' (or 'hot' and another '…-tempered'), the hyphen stays. When
 * the producer does not hyphenate (word processors by default), nearly every line-end
 * hyphen is a compound's, so it stays after any word the book prints ('old-' + 'fashioned')
 * unless the book prints the closed word too.
 */
export class Vocabulary {
  readonly #words = new Set<string>();
  readonly #compounds = new Set<string>();
  /** Second halves of compounds ('tempered' from 'sweet-tempered'). */
  readonly #compoundTails = new Set<string>();
  /** Line-end breaks as [left, right] halves, lower-cased. */
  readonly #breaks: Array<[string, string]> = [];
  #brokenLeft: string | null = null;
  #hyphenates: boolean | null = null;

  /** Learns from one printed line; the halves of a word broken at a line end are not words. */
  addLine(text: string): void {
    const tokens = text.toLowerCase().match(/[\p{L}\p{M}]+(?:[-‐][\p{L}\p{M}]+)*[-‐]?/gu) ?? [];
    tokens.forEach((token, index) => {
      if (index === 0 && this.#brokenLeft !== null) {
        this.#breaks.push([this.#brokenLeft, token.match(/^[\p{L}\p{M}]+/u)?.[0] ?? ""]);
        return;
      }
      if (/[-‐]$/.test(token)) return;
      if (/[-‐]/.test(token)) {
        this.#compounds.add(token.replace(/‐/g, "-"));
        this.#compoundTails.add(token.split(/[-‐]/).at(-1) ?? "");
      }
      for (const part of token.split(/[-‐]/)) this.#words.add(part);
    });
    const last = tokens.at(-1);
    this.#brokenLeft =
      last && /[\p{L}\p{M}][-‐]$/u.test(text) && /[-‐]$/.test(last)
        ? (last.split(/[-‐]/).at(-2) ?? null)
        : null;
    this.#hyphenates = null;
  }

  /**
   * Whether the producer hyphenates words: a third or more of the line-end breaks leave a
   * fragment that is no word ('pun-' + 'ished') or split a word the book prints whole.
   */
  get hyphenates(): boolean {
    if (this.#hyphenates === null) {
      const typeset = this.#breaks.filter(
        ([left, right]) => !this.#words.has(left) || this.#words.has(left + right),
      ).length;
      this.#hyphenates = typeset * 3 >= this.#breaks.length;
    }
    return this.#hyphenates;
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
    const compoundLike = !this.hyphenates && (this.#words.has(left) || this.#words.has(right));
    const keepHyphen = (seenHyphenated || compoundLike) && !this.#words.has(closed);
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
