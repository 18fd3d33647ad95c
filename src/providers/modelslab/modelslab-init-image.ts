import { readFile } from "node:fs/promises";
import { ProviderError } from "../provider-error.js";
import type { ImageInput } from "../spec/image-model.js";

export type InitImage =
  | { kind: "url"; value: string }
  | { kind: "base64"; value: string }
  /** Why this reference cannot be sent (ModelsLab fetches `init_image` itself). */
  | { kind: "unsupported"; reason: string };

/**
 * Turns a reference image into an `init_image` value. ModelsLab downloads the image itself,
 * so it must be a public URL; a local file can only go inline as base64, which the v6
 * endpoints document (`base64: true`) and v7 does not, hence the `allowBase64` switch.
 */
export async function resolveInitImage(
  input: ImageInput,
  allowBase64: boolean,
  modelId: string,
): Promise<InitImage> {
  if (input.url && /^https?:\/\//i.test(input.url)) return { kind: "url", value: input.url };
  const dataUrl = input.url?.match(/^data:[^;,]*;base64,(.*)$/is);
  if (dataUrl?.[1]) {
    return allowBase64
      ? { kind: "base64", value: dataUrl[1] }
      : { kind: "unsupported", reason: "a data: URL is not a public URL ModelsLab can fetch" };
  }
  if (!input.path) {
    return { kind: "unsupported", reason: "the reference image has neither a URL nor a path" };
  }
  if (!allowBase64) {
    return {
      kind: "unsupported",
      reason: `the reference image ${input.path} is a local file and ModelsLab needs a public URL (enable base64InitImages for endpoints that accept base64)`,
    };
  }
  try {
    return { kind: "base64", value: (await readFile(input.path)).toString("base64") };
  } catch (error) {
    throw new ProviderError({
      provider: "modelslab",
      modelId,
      failure: "bad-request",
      detail: `cannot read the reference image ${input.path}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`,
    });
  }
}
