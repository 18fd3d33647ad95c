import { z } from "zod";

/** Tiers (DESIGN.md §5). `local` is litink's offline tier. */
export const tiers = ["local", "free", "basic", "standard", "premium", "professional"] as const;
export type Tier = (typeof tiers)[number];
export const modalities = ["text", "embedding", "image", "video", "speech"] as const;
const MODEL_REF = /^[a-z0-9-]+:.+$/;

/**
 * The one source of truth for configuration. Objects are strict so that a misspelt key is
 * an error that names it, not a silently ignored setting.
 */
export const configSchema = z
  .strictObject({
    $schema: z
      .string()
      .optional()
      .describe("Path or URL of this file's JSON Schema (editor help only)."),
    tier: z
      .enum(tiers)
      .optional()
      .describe(
        "Model tier. `local` runs offline with no keys. Overridden by LITINK_TIER and --tier.",
      ),
    budgetUsd: z
      .number()
      .nonnegative()
      .default(5)
      .describe("Spending guard in USD for a run when --budget is not given."),
    out: z.string().min(1).default("out").describe("Folder for generated outputs (per book)."),
    home: z
      .string()
      .min(1)
      .optional()
      .describe("State folder (database, cache). Default: .litink beside this config file."),
    tiers: z
      .partialRecord(
        z.enum(tiers),
        z.partialRecord(
          z.enum(modalities),
          z
            .array(z.string().regex(MODEL_REF, 'a model reference "<provider>:<model>"'))
            .describe("Models tried in order."),
        ),
      )
      .optional()
      .describe(
        'Override a tier\'s chain per modality, e.g. { basic: { text: ["openrouter:openai/gpt-4o-mini"] } }.',
      ),
    prices: z
      .record(
        z.string().regex(MODEL_REF, 'a model reference "<provider>:<model>"'),
        z.strictObject({
          inputPerMTokens: z.number().nonnegative().optional(),
          outputPerMTokens: z.number().nonnegative().optional(),
          perMTokens: z.number().nonnegative().optional(),
          perImage: z.number().nonnegative().optional(),
          perVideoSecond: z.number().nonnegative().optional(),
          per1kCharacters: z.number().nonnegative().optional(),
        }),
      )
      .optional()
      .describe(
        "Override or add prices in USD (per 1M tokens, image, video second, 1k characters).",
      ),
    providers: z
      .strictObject({
        timeoutSeconds: z
          .number()
          .positive()
          .optional()
          .describe(
            "Per-request timeout for remote providers (default 120 s; 60 s per ModelsLab poll).",
          ),
        modelslab: z
          .strictObject({
            base64InitImages: z
              .boolean()
              .optional()
              .describe(
                "Send local reference images inline as base64 (documented for v6 only). Without it a local still cannot start image-to-video, and image-to-image falls back to text-to-image.",
              ),
            imageToImageModelIds: z
              .record(z.string(), z.string())
              .optional()
              .describe(
                'Image-to-image model per text-to-image model, e.g. { "seedream-4.5": "seedream-4.5-i2i" }.',
              ),
          })
          .optional(),
      })
      .optional()
      .describe("Provider settings that are not keys (keys come only from the environment)."),
    ingest: z
      .strictObject({
        maxFileMb: z
          .number()
          .positive()
          .default(200)
          .describe("Largest book file accepted, in MB."),
        maxUnzippedMb: z
          .number()
          .positive()
          .default(1024)
          .describe("Largest total unpacked size of an EPUB/DOCX, in MB (zip-bomb guard)."),
        maxZipEntries: z
          .number()
          .int()
          .positive()
          .default(10_000)
          .describe("Most entries an EPUB/DOCX may contain (zip-bomb guard)."),
      })
      .prefault({})
      .describe("Limits applied when reading books."),
    concurrency: z
      .strictObject({
        remote: z
          .number()
          .int()
          .positive()
          .default(4)
          .describe("Tasks at once per network provider and modality (e.g. modelslab:image)."),
        local: z
          .number()
          .int()
          .positive()
          .default(2)
          .describe("Tasks at once on this machine (offline models, reading, indexing)."),
        overall: z
          .number()
          .int()
          .positive()
          .default(16)
          .describe("Tasks at once in all, whatever their provider."),
        providers: z
          .record(
            z.string().regex(/^[a-z0-9-]+(:[a-z]+)?$/, 'a provider or "<provider>:<modality>"'),
            z.number().int().positive(),
          )
          .optional()
          .describe(
            'Limits for one provider or one provider and modality, e.g. { "elevenlabs": 2, "modelslab:video": 6 }.',
          ),
      })
      .prefault({})
      .describe("How many generation tasks run at once (--concurrency overrides every limit)."),
    script: z
      .strictObject({
        minutesPerThousandWords: z
          .number()
          .positive()
          .default(2)
          .describe(
            "Default screen time per chapter: minutes per 1,000 words of the chapter (--minutes overrides).",
          ),
        maxMinutes: z
          .number()
          .positive()
          .default(10)
          .describe("Cap on a chapter's default screen time, in minutes."),
        wordsPerMinute: z
          .number()
          .positive()
          .default(150)
          .describe("Speaking rate used to turn minutes into spoken words."),
        sectionWords: z
          .number()
          .int()
          .positive()
          .default(2500)
          .describe(
            "Chapters longer than this (in words) are adapted by an LLM in sections of about this size and stitched.",
          ),
        templates: z
          .strictObject({
            bible: z
              .string()
              .min(1)
              .optional()
              .describe("Path of a prompt template replacing templates/prompts/bible.md."),
            screenplay: z
              .string()
              .min(1)
              .optional()
              .describe("Path of a prompt template replacing templates/prompts/screenplay.md."),
            repair: z
              .string()
              .min(1)
              .optional()
              .describe("Path of a prompt template replacing templates/prompts/repair.md."),
          })
          .optional()
          .describe("Prompt templates for the LLM writer (paths relative to the config file)."),
      })
      .prefault({})
      .describe("Story bible and screenplay settings."),
  })
  .describe("litink configuration");

/** What a user writes (every key optional). */
export type LitinkConfigInput = z.input<typeof configSchema>;
/** What the program sees after defaults are applied. */
export type LitinkConfig = z.output<typeof configSchema>;

/** Typed helper for `litink.config.ts`: `export default defineConfig({ … })`. */
export function defineConfig(config: LitinkConfigInput): LitinkConfigInput {
  return config;
}

export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
}
