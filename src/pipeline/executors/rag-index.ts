import type { Executor } from "./index.js";
import { text } from "./task-params.js";
import { setupContextOf } from "./writer-setup.js";

/**
 * Brings the book's RAG index up to date (params: file, bookId), as `litink script` does
 * before writing: nothing is embedded again when the book is unchanged.
 */
export const executeIndex: Executor = async (task, _inputs, context) => {
  const { passagesFor } = await import("../../script/passages.js");
  const passages = await passagesFor(text(task, "file"), context.book, setupContextOf(context));
  passages.close();
  const chapters = context.book.chapters.filter((chapter) => chapter.index !== null).length;
  return { output: { artifacts: {}, values: { chapters } }, costUsd: 0 };
};
