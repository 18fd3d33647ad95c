import { z } from "zod";

/**
 * The story bible and the screenplay, defined once. The JSON files litink writes are these
 * shapes; the LLM writer's structured output is generated from the `*Draft` schemas below
 * (`responseFormatFromZod`), so the prompt, the reply check and the files cannot drift apart.
 */

export const NARRATOR = "narrator";

export const genders = ["female", "male", "unknown"] as const;
export const ageBands = ["child", "young", "adult", "old", "unknown"] as const;
export const roles = ["protagonist", "major", "minor"] as const;
export const cameras = [
  "ESTABLISHING",
  "WIDE",
  "MEDIUM",
  "TWO-SHOT",
  "OVER-THE-SHOULDER",
  "CLOSE-UP",
  "EXTREME-CLOSE-UP",
  "POV",
  "INSERT",
] as const;
/** Emotions drive the voice style (stability/style settings per emotion). */
export const emotions = [
  "neutral",
  "happy",
  "excited",
  "tender",
  "sad",
  "angry",
  "fearful",
  "surprised",
  "curious",
  "sarcastic",
  "whispering",
] as const;
export const moods = [
  "calm",
  "cheerful",
  "comic",
  "romantic",
  "tense",
  "dark",
  "sad",
  "mysterious",
  "whimsical",
  "dramatic",
] as const;

/** A slug id: lower-case ASCII letters, digits and single hyphens. */
const slugId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "a slug id (a-z, 0-9, hyphens)");

export const voiceAssignmentSchema = z.strictObject({
  voiceId: z.string().min(1),
  name: z.string(),
});
export type VoiceAssignment = z.output<typeof voiceAssignmentSchema>;

/** Voices per speech provider (`elevenlabs`, `local`, …): one character keeps one voice per provider. */
const voicesSchema = z.record(z.string(), voiceAssignmentSchema);

export const characterSchema = z.strictObject({
  id: slugId,
  name: z.string().min(1),
  aliases: z.array(z.string()),
  role: z.enum(roles),
  description: z.string().describe("Physical description, used for images."),
  personality: z.string(),
  gender: z.enum(genders),
  age: z.enum(ageBands),
  voices: voicesSchema,
  look: z.strictObject({
    prompt: z.string().describe("Portrait prompt: the one face this character keeps."),
    seed: z.number().int().nonnegative(),
  }),
  /** How often the whole book names the character (importance, voice order). */
  mentions: z.number().int().nonnegative(),
  /** Body chapter where the character first appears (null: unknown). */
  firstChapter: z.number().int().positive().nullable(),
});
export type Character = z.output<typeof characterSchema>;

export const locationSchema = z.strictObject({
  id: slugId,
  name: z.string().min(1),
  description: z.string(),
  interior: z.boolean().nullable(),
});
export type Location = z.output<typeof locationSchema>;

export const bibleSchema = z
  .strictObject({
    version: z.literal(1),
    book: z.strictObject({
      title: z.string().nullable(),
      author: z.string().nullable(),
      language: z.string().nullable(),
    }),
    style: z.strictObject({
      visual: z.string().describe("One visual style for every image of the book."),
      palette: z.string(),
    }),
    narrator: z.strictObject({ voices: voicesSchema }),
    characters: z.array(characterSchema),
    locations: z.array(locationSchema),
    /** Who wrote it: `extractive` (offline) or the model ref that answered. */
    writer: z.string(),
  })
  .superRefine((bible, context) => {
    const seen = new Set<string>();
    for (const [index, character] of bible.characters.entries()) {
      if (character.id === NARRATOR || seen.has(character.id))
        context.addIssue({
          code: "custom",
          path: ["characters", index, "id"],
          message:
            character.id === NARRATOR
              ? `"${NARRATOR}" is reserved for narration; give this character another id`
              : `the id "${character.id}" is used twice; ids must be unique`,
        });
      seen.add(character.id);
    }
  });
export type Bible = z.output<typeof bibleSchema>;

export const lineSchema = z.strictObject({
  id: z.string(),
  /** A character id of the bible, or `narrator`. */
  speaker: z.string(),
  text: z.string().min(1),
  emotion: z.enum(emotions),
  /** Id of the shot this line plays over. */
  shot: z.string(),
});
export type Line = z.output<typeof lineSchema>;

export const shotSchema = z.strictObject({
  id: z.string(),
  description: z.string().min(1),
  camera: z.enum(cameras),
  /** Character ids in frame. */
  characters: z.array(z.string()),
});
export type Shot = z.output<typeof shotSchema>;

export const sceneSchema = z.strictObject({
  id: z.string(),
  /** `INT. LOCATION - TIME`, `EXT. …` or `INT./EXT. …`. */
  heading: z.string().regex(/^(INT\.\/EXT\.|INT\.|EXT\.) .+ - .+$/, "INT./EXT. LOCATION - TIME"),
  /** A location id of the bible (null: none fits). */
  location: z.string().nullable(),
  summary: z.string(),
  mood: z.enum(moods),
  shots: z.array(shotSchema).min(1),
  lines: z.array(lineSchema).min(1),
  /** sha256 of the source text the scene was adapted from (what a change to it reruns). */
  sourceHash: z.string(),
});
export type Scene = z.output<typeof sceneSchema>;

export const screenplaySchema = z.strictObject({
  version: z.literal(1),
  chapter: z.strictObject({
    index: z.number().int().positive(),
    title: z.string(),
    /** Content hash of the chapter adapted. */
    id: z.string(),
  }),
  targetMinutes: z.number().positive(),
  /** `extractive` (offline) or the model refs that wrote the sections, in order. */
  writer: z.string(),
  /** The writer's version (`ScriptWriter.version`): another version makes this stale. */
  writerVersion: z.string(),
  scenes: z.array(sceneSchema).min(1),
});
export type Screenplay = z.output<typeof screenplaySchema>;
