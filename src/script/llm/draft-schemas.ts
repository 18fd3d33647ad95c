import { z } from "zod";
import { ageBands, cameras, emotions, genders, moods, NARRATOR, roles } from "../schema.js";
import { type Cast, NEW_SPEAKERS, newSpeakerRefs } from "./cast.js";

/**
 * What the model is asked to return, as zod schemas whose JSON Schema is sent as structured
 * output. Strict-mode friendly: every property required, `null` instead of optional, no
 * extra properties, and no length keywords some providers reject (emptiness and counts are
 * checked after parsing instead). Speakers, characters in frame and locations are enums of
 * the section's cast (see cast.ts) plus `new:1` … `new:5`, which point into `newCharacters`
 * for a speaker the cast lacks; the enums stay non-empty, so no `maxItems: 0` is needed.
 */
export function screenplayDraftSchema(cast: Pick<Cast, "characters" | "locations">) {
  const characterIds = cast.characters.map((character) => character.id);
  const locationIds = cast.locations.map((location) => location.id);
  const people = [...characterIds, ...newSpeakerRefs()] as [string, ...string[]];
  const location =
    locationIds.length > 0 ? z.enum(locationIds as [string, ...string[]]).nullable() : z.null();
  const line = z.strictObject({
    speaker: z.enum([NARRATOR, ...people] as [string, ...string[]]),
    text: z.string().describe("What is spoken, in the book's language."),
    emotion: z.enum(emotions),
  });
  const shot = z.strictObject({
    description: z.string().describe("What the picture shows, concretely, for an illustrator."),
    camera: z.enum(cameras),
    characters: z.array(z.enum(people)).describe("Ids of the characters in frame."),
    lines: z.array(line).describe("The lines spoken over this shot, in order."),
  });
  const scene = z.strictObject({
    heading: z.string().describe("INT. PLACE - TIME, EXT. PLACE - TIME or INT./EXT. PLACE - TIME"),
    location: location.describe("A location id of the story bible, or null."),
    summary: z.string(),
    mood: z.enum(moods),
    shots: z.array(shot),
  });
  const newCharacter = z.strictObject({
    name: z.string(),
    gender: z.enum(genders),
    age: z.enum(ageBands),
    description: z.string().describe("Physical description an illustrator can draw from."),
  });
  return z.strictObject({
    scenes: z.array(scene),
    newCharacters: z
      .array(newCharacter)
      .nullable()
      .describe(
        `Speaking characters missing from the cast list, at most ${NEW_SPEAKERS}; refer to them as new:1, new:2, … in order. null when none.`,
      ),
  });
}

export type ScreenplayDraft = z.output<ReturnType<typeof screenplayDraftSchema>>;
export type SceneDraft = ScreenplayDraft["scenes"][number];

export const bibleDraftSchema = z.strictObject({
  characters: z.array(
    z.strictObject({
      name: z.string().describe("The name the book uses most."),
      aliases: z.array(z.string()).describe("Other names and forms of address."),
      role: z.enum(roles),
      description: z.string().describe("Physical description an illustrator can draw from."),
      personality: z.string(),
      gender: z.enum(genders),
      age: z.enum(ageBands),
    }),
  ),
  locations: z.array(
    z.strictObject({
      name: z.string(),
      description: z.string(),
      interior: z.boolean().nullable(),
    }),
  ),
  style: z.strictObject({
    visual: z.string().describe("One visual style for every image of the book."),
    palette: z.string(),
  }),
});

export type BibleDraftReply = z.output<typeof bibleDraftSchema>;

/** Defence behind the enum: problems a schema-valid reply can still have. */
export function screenplayDraftIssues(
  draft: Omit<ScreenplayDraft, "newCharacters"> & {
    newCharacters?: ScreenplayDraft["newCharacters"];
  },
  cast: { characters: ReadonlyArray<{ id: string }> },
): string[] {
  const introduced = (draft.newCharacters ?? []).slice(0, NEW_SPEAKERS);
  const speakers = new Set([
    NARRATOR,
    ...cast.characters.map((character) => character.id),
    ...introduced.map((_, index) => `new:${index + 1}`),
  ]);
  const issues: string[] = [];
  for (const [index, character] of introduced.entries())
    if (character.name.trim() === "") issues.push(`newCharacters.${index}.name: empty`);
  if (draft.scenes.length === 0) issues.push("scenes: at least one scene is needed");
  for (const [sceneIndex, scene] of draft.scenes.entries()) {
    const at = `scenes.${sceneIndex}`;
    if (scene.shots.length === 0) issues.push(`${at}.shots: at least one shot is needed`);
    if (scene.shots.every((shot) => shot.lines.length === 0))
      issues.push(`${at}: the scene has no lines`);
    for (const [shotIndex, shot] of scene.shots.entries()) {
      const shotAt = `${at}.shots.${shotIndex}`;
      if (shot.description.trim() === "") issues.push(`${shotAt}.description: empty`);
      for (const id of shot.characters) {
        if (!speakers.has(id) || id === NARRATOR)
          issues.push(
            `${shotAt}.characters: "${id}" is not in the cast list (nor a listed new character)`,
          );
      }
      for (const [lineIndex, line] of shot.lines.entries()) {
        const lineAt = `${shotAt}.lines.${lineIndex}`;
        if (!speakers.has(line.speaker))
          issues.push(
            `${lineAt}.speaker: "${line.speaker}" is not in the story bible's cast list (nor a listed new character)`,
          );
        if (line.text.trim() === "") issues.push(`${lineAt}.text: empty`);
      }
    }
  }
  return issues;
}
