import { createHash } from "node:crypto";
import { lineId, sceneId, shotId } from "../ids.js";
import type { Bible, Line, Scene, Shot } from "../schema.js";
import type { SceneDraft } from "./draft-schemas.js";
import { type NewCharacterDraft, NewSpeakers } from "./new-speakers.js";

/** The scenes one section produced, with the text they came from. */
export interface SectionScenes {
  sourceText: string;
  scenes: SceneDraft[];
  /** The section's `newCharacters`, which its `new:k` speakers point into. */
  newCharacters?: NewCharacterDraft[] | null;
}

const HEADING = /^(INT\.\/EXT\.|INT\.|EXT\.) .+ - .+$/;

/**
 * Stitches the sections' drafts into screenplay scenes, numbered across the whole chapter:
 * ids come from chapter and position only, so two runs name everything the same. Lines
 * nested in a shot play over it; the scene's source hash is the section it came from.
 * `new:k` speakers become provisional ids through `speakers` (see new-speakers.ts).
 */
export function scenesFromDrafts(
  chapter: number,
  sections: readonly SectionScenes[],
  bible: Bible,
  speakers: NewSpeakers = new NewSpeakers(bible, chapter),
): Scene[] {
  const scenes: Scene[] = [];
  for (const section of sections) {
    const resolve = speakers.resolver(section.newCharacters ?? null);
    const sourceHash = createHash("sha256").update(section.sourceText).digest("hex");
    for (const draft of section.scenes) {
      const number = scenes.length + 1;
      const shots: Shot[] = [];
      const lines: Line[] = [];
      for (const shotDraft of draft.shots) {
        const id = shotId(chapter, number, shots.length + 1);
        shots.push({
          id,
          description: shotDraft.description.trim(),
          camera: shotDraft.camera,
          characters: [...new Set(shotDraft.characters.map(resolve))],
        });
        for (const line of shotDraft.lines) {
          lines.push({
            id: lineId(chapter, number, lines.length + 1),
            speaker: resolve(line.speaker),
            text: line.text.trim(),
            emotion: line.emotion,
            shot: id,
          });
        }
      }
      scenes.push({
        id: sceneId(chapter, number),
        heading: sceneHeading(draft, bible),
        location: draft.location,
        summary: draft.summary.trim(),
        mood: draft.mood,
        shots,
        lines,
        sourceHash,
      });
    }
  }
  return scenes;
}

/**
 * A heading that is not `INT./EXT. PLACE - TIME` is rebuilt from what the model gave (or the
 * location's name) and the location's interior flag, rather than failing a whole chapter
 * over a formatting slip.
 */
export function sceneHeading(
  draft: Pick<SceneDraft, "heading" | "location">,
  bible: Bible,
): string {
  const heading = draft.heading.trim().replace(/\s+/g, " ");
  if (HEADING.test(heading)) return heading;
  const location = bible.locations.find((candidate) => candidate.id === draft.location);
  const prefix =
    location?.interior === true ? "INT." : location?.interior === false ? "EXT." : "INT./EXT.";
  const bare = heading.replace(/^(INT\.\/EXT\.|INT\.|EXT\.|I\/E\.?)\s*/i, "");
  const [placePart, timePart] = bare.split(/\s+-\s+/, 2);
  const place = (placePart?.trim() || location?.name || "UNKNOWN PLACE").toUpperCase();
  const time = timePart?.trim().toUpperCase() || "DAY";
  return `${prefix} ${place} - ${time}`;
}
