import type { Book } from "../../model/book.js";
import type { Bible, Character } from "../schema.js";
import { slugify } from "../slug.js";
import type { AdaptInput, BodyChapter } from "../writer.js";
import { countWords, sha256 } from "./text.js";

/** Fixtures for this folder's tests: a book from chapter texts, a bible from a few names. */
export function bookOf(chapters: string[], language: string | null = "en"): Book {
  return {
    id: sha256(chapters.join("\n")),
    title: "Test Book",
    author: null,
    language,
    format: "txt",
    chapters: chapters.map((text, position) => ({
      index: position + 1,
      id: sha256(text),
      title: `Chapter ${position + 1}`,
      part: null,
      kind: "body",
      text,
      words: countWords(text),
      startsWith: text.slice(0, 40),
    })),
    warnings: [],
    source: { path: "test.txt", bytes: 0 },
  };
}

export function castOf(
  people: Array<{ name: string; gender?: Character["gender"]; aliases?: string[] }>,
): Bible {
  return {
    version: 1,
    book: { title: null, author: null, language: "en" },
    style: { visual: "", palette: "" },
    narrator: { voices: {} },
    characters: people.map((person) => ({
      id: slugify(person.name),
      name: person.name,
      aliases: person.aliases ?? [],
      role: "minor",
      description: "",
      personality: "",
      gender: person.gender ?? "unknown",
      age: "unknown",
      voices: {},
      look: { prompt: "", seed: 0 },
      mentions: 1,
      firstChapter: 1,
    })),
    locations: [],
    writer: "test",
  };
}

export function adaptInput(book: Book, bible: Bible, ratio = 1): AdaptInput {
  const chapter = book.chapters[0] as BodyChapter;
  return {
    book,
    chapter,
    bodyChapters: book.chapters.length,
    bible,
    target: { minutes: 10, spokenWords: 1500, ratio },
    passages: async () => [],
  };
}
