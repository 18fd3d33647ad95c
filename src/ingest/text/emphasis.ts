/**
 * Emphasis marks in plain text and Markdown: runs of * or _ that touch a word on one side
 * only (`_italic_`, `**bold**`, `of_ Northanger`). Pairing them is not needed to delete them.
 * Underscores inside words (snake_case) stay, and so do lone asterisks between spaces
 * (scene breaks "* * *", footnote marks).
 */
export function removeEmphasisMarks(text: string): string {
  if (!text.includes("*") && !text.includes("_")) return text;
  return text
    .replace(/\*+(?=[^\s*])|(?<=[^\s*])\*+/g, "")
    .replace(/(?<![\p{L}\p{N}_])_+(?=[^\s_])|(?<=[^\s_])_+(?![\p{L}\p{N}_])/gu, "");
}
