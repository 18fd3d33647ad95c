import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Book, Chapter } from "../model/book.js";
import type { EmbeddedTexts, PassageEmbedder } from "./embedders.js";

/** Test helpers for the RAG index (not a test file: vitest does not collect it). */
export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), "litink-rag-"));
}

export function makeBook(
  path: string,
  chapters: Array<{ title: string; text: string; kind?: Chapter["kind"] }>,
): Book {
  let body = 0;
  const built: Chapter[] = chapters.map((chapter) => {
    const kind = chapter.kind ?? "body";
    return {
      index: kind === "body" ? ++body : null,
      id: createHash("sha256").update(`${chapter.title}\n${chapter.text}`).digest("hex"),
      title: chapter.title,
      part: null,
      kind,
      text: chapter.text,
      words: chapter.text.split(/\s+/).length,
      startsWith: chapter.text.slice(0, 40),
    };
  });
  return {
    id: createHash("sha256")
      .update(built.map((chapter) => chapter.id).join())
      .digest("hex"),
    title: "Test Book",
    author: null,
    language: "en",
    format: "txt",
    chapters: built,
    warnings: [],
    source: { path, bytes: 0 },
  };
}

/** Wraps an embedder and counts the texts and calls it serves. */
export function countingEmbedder(
  inner: PassageEmbedder,
  ref?: string,
): PassageEmbedder & { calls: number; texts: number } {
  const counter = {
    label: ref ?? inner.label,
    calls: 0,
    texts: 0,
    async embed(texts: string[]): Promise<EmbeddedTexts> {
      counter.calls++;
      counter.texts += texts.length;
      const result = await inner.embed(texts);
      return ref ? { ...result, ref } : result;
    },
  };
  return counter;
}
