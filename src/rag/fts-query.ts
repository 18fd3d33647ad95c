/**
 * Turns what a user typed into a safe FTS5 expression: every word becomes a quoted string
 * (inner quotes doubled) and the words are OR-ed, so `"`, `*`, `-`, `NEAR`, `AND`, column
 * filters and parentheses are plain text, never syntax. bm25 then ranks passages that hold
 * more, and rarer, of the words first. Null when the query has no words at all.
 */
const MAX_TERMS = 64;

export function ftsExpression(query: string): string | null {
  const words = query.normalize("NFC").match(/[\p{L}\p{N}\p{M}]+(?:['’][\p{L}]+)*/gu) ?? [];
  const unique = [...new Set(words.map((word) => word.toLowerCase()))].slice(0, MAX_TERMS);
  if (unique.length === 0) return null;
  return unique.map((word) => `"${word.replace(/"/g, '""')}"`).join(" OR ");
}

/** The words of a query, for highlighting matches in snippets. */
export function queryWords(query: string): string[] {
  return [...new Set((query.match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => word.toLowerCase()))];
}
