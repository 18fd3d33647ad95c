import { z } from "zod";

/**
 * ModelsLab's reply envelope, shared by every generate and fetch endpoint (api-notes.md §4).
 * Only `status` is required. Every other field is read leniently and never fails the parse:
 * a processing reply means a job was accepted (and paid for), so `"eta": null`,
 * `"future_links": null` or `"generationTime": "1.4"` must not turn it into `malformed`.
 * Nulls and unusable values become `undefined`; numeric strings become numbers; ids are ints
 * in the OpenAPI file and strings in examples; `messege` is a legacy misspelling some
 * endpoints still send; unknown fields are kept (loose object). Each lenient field ends in
 * `.optional()` because zod 4 rejects a missing key for a bare `unknown → transform` pipe.
 */
const idSchema = z
  .unknown()
  .transform((value): string | undefined => {
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    if (typeof value === "string" && value.trim() !== "") return value.trim();
    return undefined;
  })
  .optional();

/** A list of links; a lone string is taken as a one-item list, anything else as none. */
const urlList = z
  .unknown()
  .transform((value): string[] | undefined => {
    if (typeof value === "string") return value.trim() === "" ? [] : [value];
    if (!Array.isArray(value)) return undefined;
    return value.filter((item): item is string => typeof item === "string" && item.trim() !== "");
  })
  .optional();

/** A number, or a string holding one ("1.4"); anything else is unknown. */
const lenientNumber = z
  .unknown()
  .transform((value): number | undefined => {
    const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    return typeof number === "number" && Number.isFinite(number) ? number : undefined;
  })
  .optional();

const lenientString = z
  .unknown()
  .transform((value): string | undefined =>
    typeof value === "string" && value.trim() !== "" ? value.trim() : undefined,
  )
  .optional();

/** `retry_after` in seconds; kept as sent (number or string) for the error mapper, null dropped. */
export const retryAfterField = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value) => value ?? undefined);

export const modelsLabResponseSchema = z.looseObject({
  // "Processing" and " success" are still the documented states.
  status: z.string().transform((status) => status.trim().toLowerCase()),
  id: idSchema,
  output: urlList,
  proxy_links: urlList,
  future_links: urlList,
  fetch_result: lenientString,
  eta: lenientNumber,
  message: z.unknown().optional(),
  messege: z.unknown().optional(),
  retry_after: retryAfterField,
  generationTime: lenientNumber,
  meta: z
    .unknown()
    .transform((value) =>
      value && typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined,
    )
    .optional(),
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
