/**
 * Quoted speech in a paragraph. Books quote in different ways: “curly” or "straight" double
 * quotes, ‘curly’ or 'straight' single quotes (Alice, many British editions), «guillemets»,
 * „German“ quotes, 「Japanese」 brackets, or a dialogue dash opening the paragraph (Spanish, Russian). The style is
 * detected once per chapter so that apostrophes are not mistaken for quotes in double-quoted
 * books.
 */

export type QuoteStyle = "double" | "single" | "dash";

export interface Segment {
  kind: "narration" | "quote";
  text: string;
}

const DOUBLE_MARKS = /[“”"«»„「」『』]/g;
const SINGLE_OPENINGS = /(?:^|[\s([—–-])[‘'](?=[\p{L}\p{N}¿¡…—])/gmu;
const DASH_OPENINGS = /^\s*[—―–]\s*\S/gm;

export function detectQuoteStyle(text: string): QuoteStyle {
  const doubles = (text.match(DOUBLE_MARKS)?.length ?? 0) / 2;
  const singles = text.match(SINGLE_OPENINGS)?.length ?? 0;
  const dashes = text.match(DASH_OPENINGS)?.length ?? 0;
  if (dashes > doubles && dashes > singles && dashes >= 2) return "dash";
  // Single quotes need clearly more openings than double pairs: nested quotes are rare.
  return singles > doubles * 2 && singles >= 2 ? "single" : "double";
}

const CLOSERS: Record<string, string> = {
  "“": "”",
  "«": "»",
  "„": "“",
  '"': '"',
  "»": "«",
  "「": "」",
  "『": "』",
};

/** Splits one paragraph into narration and quotes; a quote left open closes at the paragraph end. */
export function splitQuotes(paragraph: string, style: QuoteStyle): Segment[] {
  if (style === "dash") return splitDash(paragraph);
  const segments: Segment[] = [];
  let buffer = "";
  let closer: string | null = null;
  const flush = (kind: Segment["kind"]) => {
    const text = buffer.trim();
    if (text !== "") segments.push({ kind, text });
    buffer = "";
  };
  for (let position = 0; position < paragraph.length; position++) {
    const char = paragraph[position]!;
    const before = paragraph[position - 1] ?? " ";
    const after = paragraph[position + 1] ?? " ";
    if (closer === null) {
      const opener = style === "double" ? CLOSERS[char] : singleOpener(char, before, after);
      if (opener !== undefined && opener !== null) {
        flush("narration");
        closer = opener;
        continue;
      }
    } else if (isCloser(char, closer, style, before, after)) {
      flush("quote");
      closer = null;
      continue;
    }
    buffer += char;
  }
  flush(closer === null ? "narration" : "quote");
  return segments;
}

function singleOpener(char: string, before: string, after: string): string | null {
  if (char !== "‘" && char !== "'") return null;
  if (!/[\s([—–-]/u.test(before) && before !== "") return null;
  if (!/[\p{L}\p{N}¿¡…—"“]/u.test(after)) return null;
  return char === "‘" ? "’" : "'";
}

function isCloser(
  char: string,
  closer: string,
  style: QuoteStyle,
  before: string,
  after: string,
): boolean {
  if (style === "double") return char === closer || (closer === '"' && char === "”");
  if (char !== closer && !(closer === "'" && char === "’")) return false;
  // An apostrophe inside a word ("don't") or after a space is not the end of the quote.
  if (/[\p{L}\p{N}]/u.test(after)) return false;
  return !/\s/u.test(before);
}

/** — Dialogue opens the paragraph, — said he, — and the narration sits between dashes. */
function splitDash(paragraph: string): Segment[] {
  const trimmed = paragraph.trim();
  if (!/^[—―–]/.test(trimmed)) return trimmed === "" ? [] : [{ kind: "narration", text: trimmed }];
  const parts = trimmed.slice(1).split(/\s[—―–]\s?/);
  return parts
    .map((part, index) => ({
      kind: (index % 2 === 0 ? "quote" : "narration") as Segment["kind"],
      text: part.trim(),
    }))
    .filter((segment) => segment.text !== "");
}
