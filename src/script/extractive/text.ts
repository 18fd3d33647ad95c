import { createHash } from "node:crypto";

/**
 * Small text utilities shared by the extractive writer: paragraphs, sentences, words, terms.
 * Language-neutral where it can be (Unicode letters), English-aware where it must be.
 */

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS =
  /(?:\b(?:Mr|Mrs|Ms|Dr|St|Mt|Sr|Jr|Prof|Capt|Col|Gen|Lt|Rev|Hon|No|vs|etc|viz|cf|i\.e|e\.g)|\b\p{Lu})\.$/u;

/**
 * Sentences of a piece of prose. A full stop after a title ("Mr.") or an initial does not
 * split; closing quotes and brackets stay with the sentence they end.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const pattern = /[^.!?…。！？]*(?:[.!?…。！？]+[”’"'»)\]」』]*|$)/gu;
  let pending = "";
  for (const match of text.matchAll(pattern)) {
    const piece = match[0];
    if (piece === "") continue;
    pending += piece;
    const trimmed = pending.trim();
    if (trimmed === "") continue;
    if (ABBREVIATIONS.test(trimmed)) continue;
    // A lower-case continuation ("…!" said she) stays in the same sentence.
    const rest = text.slice((match.index ?? 0) + piece.length);
    if (/^\s*[\p{Ll},;]/u.test(rest) && /[!?]['"”’]*$/u.test(trimmed)) continue;
    sentences.push(trimmed);
    pending = "";
  }
  if (pending.trim() !== "") sentences.push(pending.trim());
  return sentences;
}

/** Frequent function words of English; other languages simply weigh them like any term. */
const STOP_WORDS = new Set(
  (
    "a an the and or but if of to in on at by for with from as is was were be been being am are " +
    "it its this that these those there here he she him her his hers they them their we us our " +
    "you your i me my not no so do did does done have has had would could should will shall may " +
    "might must can then than too very just all any some such what which who whom when where " +
    "how why into out up down over again only own same about said say says one upon while"
  ).split(" "),
);

/** Content terms of a sentence, lower-cased. */
export function terms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((word) => word.length > 2 && !STOP_WORDS.has(word));
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function capitalise(text: string): string {
  return text.replace(/^(\s*)(\p{Ll})/u, (_all, space: string, letter: string) => {
    return space + letter.toUpperCase();
  });
}
