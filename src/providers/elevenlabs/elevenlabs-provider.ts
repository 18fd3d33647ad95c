import type { ElevenLabsClient } from "@elevenlabs/elevenlabs-js";
import type { SpeechModel } from "../spec/index.js";
import { ELEVENLABS_DEFAULT_BASE_URL } from "./elevenlabs-api-types.js";
import { ElevenLabsSpeechModel } from "./elevenlabs-speech-model.js";

export interface ElevenLabsProviderSettings {
  /** e.g. https://api.elevenlabs.io (no `/v1`: the SDK adds it). */
  baseURL: string;
  apiKey: string;
  /** Per request; the default suits long chapters of speech. */
  timeoutMs?: number;
}

export interface ElevenLabsProvider {
  speech(modelId: string): SpeechModel;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

export function createElevenLabs(settings: ElevenLabsProviderSettings): ElevenLabsProvider {
  const apiKey = settings.apiKey;
  const baseUrl = settings.baseURL.replace(/\/+$/, "");
  let client: Promise<ElevenLabsClient> | undefined;
  // One SDK client per provider, created on first use so `litink --help` never loads the SDK.
  const getClient = (): Promise<ElevenLabsClient> => {
    if (client) return client;
    client = import("@elevenlabs/elevenlabs-js").then(
      (sdk) =>
        new sdk.ElevenLabsClient({
          apiKey,
          // Both names: `baseUrl` wins in the SDK, `environment` is its fallback.
          baseUrl,
          environment: baseUrl,
          // The resilience middleware owns retries; SDK retries would hide failures from it.
          maxRetries: 0,
          timeoutInSeconds: (settings.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000,
        }),
    );
    // A failed import must not stick: the next call tries again.
    client.catch(() => {
      client = undefined;
    });
    return client;
  };
  return {
    speech: (modelId) =>
      new ElevenLabsSpeechModel(modelId, {
        client: getClient,
        apiKey,
        timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      }),
  };
}

/** From `ELEVENLABS_API_KEY` and `ELEVENLABS_BASE_URL` (DESIGN.md §2); null without a key. */
export function elevenLabsFromEnv(
  env: Record<string, string | undefined> = process.env,
  options: { timeoutMs?: number } = {},
): ElevenLabsProvider | null {
  const apiKey = env.ELEVENLABS_API_KEY?.trim();
  if (!apiKey) return null;
  const baseURL = env.ELEVENLABS_BASE_URL?.trim() || ELEVENLABS_DEFAULT_BASE_URL;
  return createElevenLabs({
    baseURL,
    apiKey,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}
