import type { Dispatcher } from "undici";
import { createRedactor } from "../redact.js";
import type { ImageModel } from "../spec/image-model.js";
import type { VideoModel } from "../spec/video-model.js";
import type { ModelsLabModelConfig } from "./modelslab-config.js";
import { ModelsLabImageModel } from "./modelslab-image-model.js";
import { ModelsLabVideoModel } from "./modelslab-video-model.js";

export const MODELSLAB_DEFAULT_BASE_URL = "https://modelslab.com/api";

export interface ModelsLabProviderSettings {
  /** Default https://modelslab.com/api (`MODELSLAB_BASE_URL`). */
  baseURL?: string;
  /** Sent in each JSON body as `key`; never logged or put into errors. */
  apiKey: string;
  /** Per HTTP call (generate or one poll), not per job. Default 60 s. */
  fetchTimeoutMs?: number;
  /** undici dispatcher (proxies, connection limits, tests). */
  dispatcher?: Dispatcher;
  /**
   * Send local reference images inline (`init_image` as base64 with `base64: true`). v6
   * documents this; v7 documents public URLs only, so it is off by default: a local-only
   * reference then gives a warning (images) or a bad-request failure (video).
   */
  base64InitImages?: boolean;
  /**
   * v7 image-to-image often wants a dedicated model id (e.g. `seedream-4.5-i2i`) where the
   * chain names the text-to-image one. Model parameter sets are unconfirmed, so this is data.
   */
  imageToImageModelIds?: Record<string, string>;
}

export interface ModelsLabProvider {
  image(modelId: string): ImageModel;
  video(modelId: string): VideoModel;
}

export function createModelsLab(settings: ModelsLabProviderSettings): ModelsLabProvider {
  const apiKey = settings.apiKey;
  const config: ModelsLabModelConfig = {
    baseURL: (settings.baseURL ?? MODELSLAB_DEFAULT_BASE_URL).replace(/\/+$/, ""),
    apiKey: () => apiKey,
    http: {
      fetchTimeoutMs: settings.fetchTimeoutMs ?? 60_000,
      ...(settings.dispatcher ? { dispatcher: settings.dispatcher } : {}),
      // Replies can echo request fields, so every provider message passes through this.
      redact: createRedactor(apiKey),
    },
    base64InitImages: settings.base64InitImages ?? false,
    imageToImageModelIds: { ...settings.imageToImageModelIds },
  };
  return {
    image: (modelId) => new ModelsLabImageModel(modelId, config),
    video: (modelId) => new ModelsLabVideoModel(modelId, config),
  };
}

/** The provider from `MODELSLAB_API_KEY` / `MODELSLAB_BASE_URL`; null without a key. */
export function modelsLabFromEnv(
  env: Record<string, string | undefined>,
  extra: Omit<ModelsLabProviderSettings, "apiKey" | "baseURL"> = {},
): ModelsLabProvider | null {
  const apiKey = env.MODELSLAB_API_KEY?.trim();
  if (!apiKey) return null;
  const baseURL = env.MODELSLAB_BASE_URL?.trim() || MODELSLAB_DEFAULT_BASE_URL;
  return createModelsLab({ ...extra, apiKey, baseURL });
}
