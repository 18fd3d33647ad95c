import { ProviderError } from "../provider-error.js";
import type {
  ImageCallOptions,
  ImageModel,
  JobHandle,
  JobStart,
  JobStatus,
  Warning,
} from "../spec/index.js";
import { SPECIFICATION_VERSION } from "../spec/index.js";
import { abortedError, LOCAL_PROVIDER, nothingToPoll } from "./local-shared.js";
import { detectFraming } from "./storyboard-layout.js";

const MAX_SIDE = 4096;

/**
 * Storyboard frames drawn offline with @napi-rs/canvas: a useful animatic (scene heading,
 * shot description, the characters present in their own colours, camera framing, caption),
 * free and deterministic, so the same shot gives the same PNG bytes and the cache holds.
 */
export class StoryboardImageModel implements ImageModel {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly modality = "image" as const;
  readonly provider = LOCAL_PROVIDER;
  readonly modelId = "storyboard";

  constructor(private readonly settings: { fontsDir?: string } = {}) {}

  async doStart(options: ImageCallOptions): Promise<JobStart> {
    if (options.abortSignal?.aborted) throw abortedError(this.modelId);
    const width = Math.round(options.width);
    const height = Math.round(options.height);
    if (!(width >= 16 && height >= 16 && width <= MAX_SIDE && height <= MAX_SIDE))
      throw new ProviderError({
        provider: this.provider,
        modelId: this.modelId,
        failure: "bad-request",
        detail: `frame size ${options.width}×${options.height} is outside 16–${MAX_SIDE} pixels`,
      });
    const warnings = unsupportedWarnings(options);
    const frame = options.frame ?? {};
    const description = (frame.description ?? options.prompt).trim();
    const heading = frame.heading?.trim() || "UNTITLED SCENE";
    const canvas = await import("@napi-rs/canvas");
    const { prepareFonts, missingGlyphWarnings } = await import("./storyboard-fonts.js");
    const { drawStoryboardFrame } = await import("./storyboard-draw.js");
    const fonts = prepareFonts(canvas, this.settings.fontsDir);
    const characters = (frame.characters ?? []).filter((character) => character.id.trim() !== "");
    const allText = [heading, description, frame.caption ?? "", ...characters.map((c) => c.name)];
    warnings.push(...missingGlyphWarnings(canvas, fonts, allText.join(" ")));
    const png = await drawStoryboardFrame(canvas, fonts, {
      width,
      height,
      heading,
      description,
      characters,
      caption: frame.caption?.trim() || undefined,
      framing: detectFraming(`${frame.description ?? ""} ${options.prompt}`),
    });
    return {
      state: "succeeded",
      outputs: [{ data: png, mediaType: "image/png" }],
      usage: { images: 1 },
      warnings,
      response: { modelId: this.modelId, timestamp: new Date() },
    };
  }

  async doStatus(handle: JobHandle): Promise<JobStatus> {
    return nothingToPoll(handle);
  }
}

function unsupportedWarnings(options: ImageCallOptions): Warning[] {
  const ignored: Array<[string, boolean]> = [
    ["negativePrompt", options.negativePrompt !== undefined],
    ["initImage", options.initImage !== undefined],
    ["strength", options.strength !== undefined],
  ];
  return ignored
    .filter(([, present]) => present)
    .map(([setting]) => ({
      type: "unsupported-setting" as const,
      setting,
      message: `the local storyboard model draws frames from text and ignores ${setting}`,
    }));
}
