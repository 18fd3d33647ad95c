import type { Book } from "../../model/book.js";
import type { Voice } from "../../providers/spec/index.js";
import type { Bible } from "../schema.js";
import type { BibleDraft, CharacterDraft } from "../writer.js";

/**
 * STUB (contract). A bible from a writer's draft. With `existing` (the user's bible.json), the
 * existing bible wins everywhere: its characters, fields and voices stay exactly as they are,
 * and only draft characters it does not know (by id, name or alias) are appended.
 */
export function buildBible(_draft: BibleDraft, _book: Book, _existing: Bible | null): Bible {
  throw new Error("not implemented yet");
}

/** STUB (contract). Appends characters the bible lacks (ids = slugify(name)); never changes existing ones. */
export function extendBible(_bible: Bible, _characters: CharacterDraft[]): Bible {
  throw new Error("not implemented yet");
}

/**
 * STUB (contract). Gives the narrator and every character without a voice for `provider` one,
 * deterministically; existing assignments never change.
 */
export function assignVoices(_bible: Bible, _provider: string, _voices: readonly Voice[]): Bible {
  throw new Error("not implemented yet");
}
