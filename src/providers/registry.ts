import { parseModelRef } from "../config/defaults.js";
import type { LitinkConfig } from "../config/schema.js";
import type { Modality, ModelsByModality } from "./spec/index.js";

export interface RegistryOptions {
  env: NodeJS.ProcessEnv;
  /** ffmpeg for the Ken Burns model (see src/system/executables.ts). */
  ffmpegPath?: string;
  /** Per-request timeout for remote providers. */
  timeoutMs?: number;
  /** Non-secret provider settings from config (`providers`). */
  settings?: LitinkConfig["providers"];
}

/**
 * The one place that turns a model reference ("<provider>:<modelId>") into a model. Provider
 * modules are imported only when a reference needs them. Returns null when the provider has
 * no key configured (the chain skips it); throws for an unknown provider or modality.
 */
export async function createModel<M extends Modality>(
  ref: string,
  modality: M,
  options: RegistryOptions,
): Promise<ModelsByModality[M] | null> {
  const { provider, modelId } = parseModelRef(ref);
  const timeoutMs =
    options.timeoutMs ??
    (options.settings?.timeoutSeconds === undefined
      ? undefined
      : options.settings.timeoutSeconds * 1000);
  const timeout = timeoutMs === undefined ? {} : { timeoutMs };
  const unsupported = () => new Error(`${provider} offers no ${modality} models ("${ref}")`);
  switch (provider) {
    case "openrouter":
    case "openai": {
      const { openAICompatibleFromEnv } = await import("./openai/openai-provider.js");
      const factory = openAICompatibleFromEnv(provider, options.env, timeout);
      if (!factory) return null;
      if (modality === "text") return factory.text(modelId) as ModelsByModality[M];
      if (modality === "embedding") return factory.embedding(modelId) as ModelsByModality[M];
      throw unsupported();
    }
    case "modelslab": {
      const { modelsLabFromEnv } = await import("./modelslab/modelslab-provider.js");
      const modelslab = options.settings?.modelslab ?? {};
      const factory = modelsLabFromEnv(options.env, {
        ...(timeoutMs === undefined ? {} : { fetchTimeoutMs: timeoutMs }),
        ...(modelslab.base64InitImages === undefined
          ? {}
          : { base64InitImages: modelslab.base64InitImages }),
        ...(modelslab.imageToImageModelIds
          ? { imageToImageModelIds: modelslab.imageToImageModelIds }
          : {}),
      });
      if (!factory) return null;
      if (modality === "image") return factory.image(modelId) as ModelsByModality[M];
      if (modality === "video") return factory.video(modelId) as ModelsByModality[M];
      throw unsupported();
    }
    case "elevenlabs": {
      const { elevenLabsFromEnv } = await import("./elevenlabs/elevenlabs-provider.js");
      const factory = elevenLabsFromEnv(options.env, timeout);
      if (!factory) return null;
      if (modality === "speech") return factory.speech(modelId) as ModelsByModality[M];
      throw unsupported();
    }
    case "local": {
      // The RAG index's offline embedder ("local:hashed"; its vectors are "hashed-v1").
      if (modality === "embedding" && (modelId === "hashed" || modelId === "hashed-v1")) {
        const { LocalHashedEmbeddingModel } = await import("./local/hashed/local-hashed.js");
        return new LocalHashedEmbeddingModel() as unknown as ModelsByModality[M];
      }
      const { createLocal } = await import("./local/local-provider.js");
      const local = createLocal(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {});
      if (modality === "image" && modelId === "storyboard")
        return local.image(modelId) as ModelsByModality[M];
      if (modality === "speech" && modelId === "espeak")
        return local.speech(modelId) as ModelsByModality[M];
      if (modality === "video" && modelId === "ken-burns")
        return local.video(modelId) as ModelsByModality[M];
      throw unsupported();
    }
    default:
      throw new Error(`unknown provider "${provider}" in "${ref}"`);
  }
}
