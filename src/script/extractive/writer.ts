import type { ScriptWriter } from "../writer.js";
import { adaptChapter } from "./adapt.js";
import { draftBible } from "./bible-draft.js";
import { EXTRACTIVE_VERSION } from "./version.js";

/** The offline writer (`local` tier): everything it writes is taken from the book itself. */
export function extractiveWriter(): ScriptWriter {
  return {
    name: "extractive",
    version: EXTRACTIVE_VERSION,
    draftBible: (input) => draftBible(input),
    adaptChapter: (input) => adaptChapter(input),
  };
}
