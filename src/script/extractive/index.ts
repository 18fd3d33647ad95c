import type { Book } from "../../model/book.js";
import type { CharacterCandidate, ScriptWriter } from "../writer.js";

/** STUB (contract): the offline extractive writer — no LLM. */
export function extractiveWriter(): ScriptWriter {
  throw new Error("not implemented yet");
}

/** STUB (contract): names found over the whole book, most mentioned first. */
export async function findCharacters(_book: Book): Promise<CharacterCandidate[]> {
  throw new Error("not implemented yet");
}
