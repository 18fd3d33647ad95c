import { assignVoices, extendBible, findCharacter } from "./bible/index.js";
import type { Bible, Screenplay } from "./schema.js";
import type { SpeechVoices } from "./setup.js";
import type { CharacterDraft } from "./writer.js";

/**
 * The two bible steps that follow an adaptation, shared by `litink script` (run.ts) and the
 * `generate` runner's adapt task: append the new speakers with voices, then rename the
 * writer's provisional ids to the bible's.
 */

/** `extendBible`, then voices for the newcomers (existing voices never move). */
export function extendVoiced(
  bible: Bible,
  added: ReadonlyArray<CharacterDraft>,
  speech: SpeechVoices | null,
): Bible {
  const extended = extendBible(bible, added);
  return speech ? assignVoices(extended, speech.provider, speech.voices) : extended;
}

/**
 * The writer named new speakers with provisional ids; the bible gave them its own (or matched
 * them to characters it already had). Rewrites every provisional id to the bible's.
 */
export function withBibleIds(
  screenplay: Screenplay,
  added: ReadonlyArray<CharacterDraft & { id: string }>,
  bible: Bible,
): Screenplay {
  const ids = new Map<string, string>();
  for (const draft of added) {
    const found = findCharacter(bible.characters, draft.name);
    if (found && found.id !== draft.id) ids.set(draft.id, found.id);
  }
  if (ids.size === 0) return screenplay;
  const map = (id: string) => ids.get(id) ?? id;
  return {
    ...screenplay,
    scenes: screenplay.scenes.map((scene) => ({
      ...scene,
      shots: scene.shots.map((shot) => ({ ...shot, characters: shot.characters.map(map) })),
      lines: scene.lines.map((line) => ({ ...line, speaker: map(line.speaker) })),
    })),
  };
}
