import { z } from "zod";

/**
 * ModelsLab's reply envelope, shared by every generate and fetch endpoint (api-notes.md §4).
 * Schemas are loose on purpose: the API adds fields freely, ids are ints in the OpenAPI file
 * and strings in examples, and `messege` is a legacy misspelling some endpoints still send.
 */
const idSchema = z.union([z.string(), z.number()]).transform(String);
const urlList = z
  .array(z.unknown())
  .transform((items) => items.filter((item): item is string => typeof item === "string"));

export const modelsLabResponseSchema = z.looseObject({
  status: z.string(),
  id: idSchema.optional(),
  output: urlList.optional(),
  proxy_links: urlList.optional(),
  future_links: urlList.optional(),
  fetch_result: z.string().optional(),
  eta: z.number().optional(),
  message: z.unknown().optional(),
  messege: z.unknown().optional(),
  retry_after: z.union([z.number(), z.string()]).optional(),
  generationTime: z.number().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

export type ModelsLabResponse = z.infer<typeof modelsLabResponseSchema>;

/** Body of `POST /v7/images/text-to-image` and `/v7/images/image-to-image`. */
export interface ModelsLabImageBody {
  key: string;
  model_id: string;
  prompt: string;
  negative_prompt?: string;
  /** v7 takes sizes as strings; models that want `aspect_ratio` ignore them, and vice versa. */
  width: string;
  height: string;
  aspect_ratio: string;
  samples: "1";
  seed?: number;
  init_image?: string;
  strength?: number;
  base64?: boolean;
}

/** Body of `POST /v7/video-fusion/image-to-video`. */
export interface ModelsLabVideoBody {
  key: string;
  model_id: string;
  prompt: string;
  init_image: string;
  negative_prompt?: string;
  /** A string: some models (wan2.6-i2v) refuse a number. */
  duration: string;
  aspect_ratio: string;
  resolution?: string;
  fps?: number;
  seed?: number;
  base64?: boolean;
}

/** The body's message, read from `message` or the legacy `messege`. */
export function messageOf(body: { message?: unknown; messege?: unknown }): string | undefined {
  for (const value of [body.message, body.messege]) {
    if (typeof value === "string" && value.trim() !== "") return value;
    // Validation errors sometimes arrive as {field: [reasons]}.
    if (value && typeof value === "object") return JSON.stringify(value);
  }
  return undefined;
}
