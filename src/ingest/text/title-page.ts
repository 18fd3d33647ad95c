import { classifyTitle } from "../chapters.js";
import { matchHeading } from "../heading-patterns.js";
import { illustrationCaption } from "./illustrations.js";

/**
 * A guess at title and author from a printed title page: "by <Name>" with the title on the
 * short lines just above it ("Frankenstein;" / "or, the Modern Prometheus" / "by Mary Shelley").
 */
export interface TitlePage {
  title: string | null;
  author: string | null;
}

/** "by" and its equivalents on title pages in the languages whose headings we read. */
const BY_WORD = "by|von|par|por|door|af";
const BY_LINE = new RegExp(`^(?:${BY_WORD})\\s+(\\p{Lu}.{1,78})$`, "iu");
/** "by" alone, with the name as the next line ("DIE VERWANDLUNG" / "VON" / "FRANZ KAFKA"). */
const BY_ALONE = new RegExp(`^(?:${BY_WORD})$`, "iu");
const SEARCH_LIMIT = 80;

export function readTitlePage(paragraphs: string[], end: number): TitlePage {
  const limit = Math.min(end, SEARCH_LIMIT, paragraphs.length);
  for (let index = 0; index < limit; index++) {
    const paragraph = paragraphs[index] ?? "";
    const name = BY_ALONE.test(paragraph) ? (paragraphs[index + 1] ?? "") : null;
    const byLine = name === null ? BY_LINE.exec(paragraph)?.[1] : name;
    if (byLine === undefined || `${paragraph} ${name ?? ""}`.split(/\s+/).length > 11) continue;
    if (!/^\p{Lu}/u.test(byLine)) continue;
    const author = tidyTitle(byLine.replace(/[\s,.;:]+$/, "").trim());
    return { title: titleAbove(paragraphs, index), author: author === "" ? null : author };
  }
  return { title: null, author: null };
}

function titleAbove(paragraphs: string[], byIndex: number): string | null {
  const lines: string[] = [];
  for (let index = byIndex - 1; index >= 0 && lines.length < 3; index--) {
    const line = paragraphs[index] ?? "";
    const usable =
      line.split(/\s+/).length <= 10 &&
      illustrationCaption(line) === null &&
      !matchHeading(line) &&
      !classifyTitle(line) &&
      /\p{L}/u.test(line);
    if (!usable) break;
    lines.unshift(line);
    // A line that ends cleanly is the whole title unless the line above runs on into it.
    const above = paragraphs[index - 1] ?? "";
    if (!/[;,:]$/.test(above) && !/^(or|and|und|y|et|o)\b/i.test(line)) break;
  }
  return lines.length === 0 ? null : tidyTitle(lines.join(" "));
}

const SMALL_WORDS = new Set([
  "a",
  "an",
  "and",
  "as",
  "at",
  "by",
  "for",
  "in",
  "of",
  "on",
  "or",
  "the",
  "to",
]);

/** Title-page capitals ("PRIDE. and PREJUDICE") read as a title ("Pride and Prejudice"). */
export function tidyTitle(title: string): string {
  const trimmed = title
    .replace(/\s+/g, " ")
    .replace(/[\s,;:.]+$/, "")
    .trim();
  const letters = trimmed.replace(/\P{L}/gu, "");
  const capitals = letters.replace(/\P{Lu}/gu, "").length;
  if (letters.length === 0 || capitals < letters.length * 0.6) return trimmed;
  return trimmed
    .replace(/\.(?=\s+\p{Ll})/gu, "")
    .toLowerCase()
    .split(" ")
    .map((word, position) =>
      position > 0 && SMALL_WORDS.has(word)
        ? word
        : word.replace(/\p{L}/u, (letter) => letter.toUpperCase()),
    )
    .join(" ");
}
