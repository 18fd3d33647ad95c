import type { Executor } from "./index.js";
import { text } from "./task-params.js";

/** Reads the book (params: file): its id, body chapter count and title. */
export const executeIngest: Executor = async (task) => {
  const { readBook } = await import("../../ingest/index.js");
  const book = await readBook(text(task, "file"));
  const chapters = book.chapters.filter((chapter) => chapter.index !== null).length;
  return {
    output: { artifacts: {}, values: { bookId: book.id, chapters, title: book.title } },
    costUsd: 0,
  };
};
