import type { Modality } from "../providers/spec/shared.js";
import type { Tier } from "./schema.js";

/**
 * Tiers, chains and prices as data (DESIGN.md §5). A model reference is
 * "<provider>:<modelId>"; providers: openrouter, openai, modelslab, elevenlabs, local.
 * `local:hashed` (the RAG index's offline embedder) closes every embedding chain.
 * Chains are tried in order; the offline `local` models close the media chains so a
 * downgrade is visible (a fallback event) rather than a failed run. Users override any of it
 * in config (`tiers`, `prices`).
 */
export type Chains = Record<Modality, string[]>;

const LOCAL_MEDIA = {
  image: ["local:storyboard"],
  video: ["local:ken-burns"],
  speech: ["local:espeak"],
};

export const defaultTiers: Record<Tier, Chains> = {
  local: { text: [], embedding: ["local:hashed"], ...LOCAL_MEDIA },
  free: {
    text: [
      "openrouter:meta-llama/llama-3.2-3b-instruct",
      "openrouter:microsoft/phi-3-mini-128k-instruct",
      "openrouter:google/gemma-2-9b-it",
    ],
    embedding: ["local:hashed"],
    image: ["modelslab:seedream-t2i", ...LOCAL_MEDIA.image],
    video: [...LOCAL_MEDIA.video],
    speech: ["elevenlabs:eleven_flash_v2_5", ...LOCAL_MEDIA.speech],
  },
  basic: {
    text: [
      "openrouter:deepseek/deepseek-chat",
      "openrouter:meta-llama/llama-3.1-70b-instruct",
      "openrouter:mistralai/mixtral-8x7b-instruct",
    ],
    embedding: ["openai:text-embedding-3-small", "local:hashed"],
    image: ["modelslab:seedream-4", "modelslab:seedream-t2i", ...LOCAL_MEDIA.image],
    video: ["modelslab:seedance-i2v", ...LOCAL_MEDIA.video],
    speech: ["elevenlabs:eleven_flash_v2_5", ...LOCAL_MEDIA.speech],
  },
  standard: {
    text: [
      "openrouter:anthropic/claude-3-haiku",
      "openrouter:openai/gpt-3.5-turbo",
      "openrouter:google/gemini-pro-1.5",
    ],
    embedding: ["openai:text-embedding-3-small", "local:hashed"],
    image: ["modelslab:seedream-4", "modelslab:imagen-4", ...LOCAL_MEDIA.image],
    video: ["modelslab:seedance-i2v", "modelslab:wan2.6-i2v", ...LOCAL_MEDIA.video],
    speech: ["elevenlabs:eleven_turbo_v2_5", "elevenlabs:eleven_flash_v2_5", ...LOCAL_MEDIA.speech],
  },
  premium: {
    text: [
      "openrouter:openai/gpt-4o",
      "openrouter:anthropic/claude-3.5-sonnet",
      "openrouter:anthropic/claude-3-opus",
    ],
    embedding: ["openai:text-embedding-3-small", "local:hashed"],
    image: ["modelslab:seedream-4.5", "modelslab:imagen-4", ...LOCAL_MEDIA.image],
    video: ["modelslab:veo-3.1-fast", "modelslab:seedance-1-5-pro", ...LOCAL_MEDIA.video],
    speech: [
      "elevenlabs:eleven_multilingual_v2",
      "elevenlabs:eleven_turbo_v2_5",
      ...LOCAL_MEDIA.speech,
    ],
  },
  professional: {
    text: [
      "openrouter:anthropic/claude-3.5-sonnet",
      "openrouter:openai/gpt-4o",
      "openrouter:anthropic/claude-3-opus",
    ],
    embedding: ["openai:text-embedding-3-large", "openai:text-embedding-3-small", "local:hashed"],
    image: ["modelslab:seedream-4.5", "modelslab:nano-banana-t2i", ...LOCAL_MEDIA.image],
    video: ["modelslab:veo-3.1-fast", "modelslab:veo2", ...LOCAL_MEDIA.video],
    speech: [
      "elevenlabs:eleven_multilingual_v2",
      "elevenlabs:eleven_turbo_v2_5",
      ...LOCAL_MEDIA.speech,
    ],
  },
};

/** One model's price; which fields apply depends on its modality. USD. */
export interface Price {
  inputPerMTokens?: number;
  outputPerMTokens?: number;
  perMTokens?: number;
  perImage?: number;
  perVideoSecond?: number;
  per1kCharacters?: number;
}

/** List prices as published; verify live. OpenRouter's reported `usage.cost` wins when present. */
export const pricesUpdated = "2026-11-01";

export const defaultPrices: Record<string, Price> = {
  "openrouter:meta-llama/llama-3.2-3b-instruct": { inputPerMTokens: 0.02, outputPerMTokens: 0.02 },
  "openrouter:microsoft/phi-3-mini-128k-instruct": { inputPerMTokens: 0.1, outputPerMTokens: 0.1 },
  "openrouter:google/gemma-2-9b-it": { inputPerMTokens: 0.03, outputPerMTokens: 0.06 },
  "openrouter:deepseek/deepseek-chat": { inputPerMTokens: 0.3, outputPerMTokens: 0.85 },
  "openrouter:meta-llama/llama-3.1-70b-instruct": { inputPerMTokens: 0.4, outputPerMTokens: 0.4 },
  "openrouter:mistralai/mixtral-8x7b-instruct": { inputPerMTokens: 0.54, outputPerMTokens: 0.54 },
  "openrouter:anthropic/claude-3-haiku": { inputPerMTokens: 0.25, outputPerMTokens: 1.25 },
  "openrouter:openai/gpt-3.5-turbo": { inputPerMTokens: 0.5, outputPerMTokens: 1.5 },
  "openrouter:google/gemini-pro-1.5": { inputPerMTokens: 1.25, outputPerMTokens: 5 },
  "openrouter:openai/gpt-4o": { inputPerMTokens: 2.5, outputPerMTokens: 10 },
  "openrouter:anthropic/claude-3.5-sonnet": { inputPerMTokens: 3, outputPerMTokens: 15 },
  "openrouter:anthropic/claude-3-opus": { inputPerMTokens: 15, outputPerMTokens: 75 },
  "openai:text-embedding-3-small": { perMTokens: 0.02 },
  "openai:text-embedding-3-large": { perMTokens: 0.13 },
  "modelslab:seedream-t2i": { perImage: 0.03 },
  "modelslab:seedream-4": { perImage: 0.03 },
  "modelslab:seedream-4.5": { perImage: 0.04 },
  "modelslab:imagen-4": { perImage: 0.04 },
  "modelslab:nano-banana-t2i": { perImage: 0.039 },
  "modelslab:seedance-i2v": { perVideoSecond: 0.05 },
  "modelslab:wan2.6-i2v": { perVideoSecond: 0.05 },
  "modelslab:seedance-1-5-pro": { perVideoSecond: 0.1 },
  "modelslab:veo-3.1-fast": { perVideoSecond: 0.15 },
  "modelslab:veo2": { perVideoSecond: 0.5 },
  "elevenlabs:eleven_flash_v2_5": { per1kCharacters: 0.05 },
  "elevenlabs:eleven_turbo_v2_5": { per1kCharacters: 0.05 },
  "elevenlabs:eleven_multilingual_v2": { per1kCharacters: 0.1 },
  "local:storyboard": {},
  "local:ken-burns": {},
  "local:espeak": {},
  "local:hashed": {},
};

export function parseModelRef(ref: string): { provider: string; modelId: string } {
  const colon = ref.indexOf(":");
  if (colon <= 0) throw new Error(`model reference "${ref}" is not "<provider>:<model>"`);
  return { provider: ref.slice(0, colon), modelId: ref.slice(colon + 1) };
}
