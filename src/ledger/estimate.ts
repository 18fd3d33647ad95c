import type { EmbeddingCallOptions } from "../providers/spec/embedding-model.js";
import type { Modality, Usage } from "../providers/spec/shared.js";
import type { SpeechCallOptions } from "../providers/spec/speech-model.js";
import type { TextCallOptions } from "../providers/spec/text-model.js";
import type { VideoCallOptions } from "../providers/spec/video-model.js";

/**
 * What a call will probably bill, before it runs. Estimates are deliberately high: the budget
 * guard reserves them, and a reservation below the real cost could let a run overspend.
 */

/** Output tokens assumed when the caller sets no `maxOutputTokens`. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/**
 * Tokens in a text, on the high side: ~3 Latin characters per token (English averages ~4),
 * and one token per character for scripts without word spaces (CJK often takes more than one
 * character per token, never fewer than one per character in practice).
 */
export function estimateTokens(text: string): number {
  let narrow = 0;
  let wide = 0;
  for (const character of text) {
    if (character.codePointAt(0)! < 0x0300) narrow++;
    else wide++;
  }
  return Math.ceil(narrow / 3 + wide);
}

/** Billable units a call is expected to use, by modality. */
export function estimateUsage(modality: Modality, options: unknown): Usage {
  switch (modality) {
    case "text": {
      const text = options as TextCallOptions;
      const prompt = text.messages.map((message) => message.content).join("\n");
      const schema = text.responseFormat ? JSON.stringify(text.responseFormat.schema) : "";
      // Each chat message costs a few framing tokens.
      const framing = text.messages.length * 4;
      return {
        inputTokens: estimateTokens(prompt) + estimateTokens(schema) + framing,
        outputTokens: text.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
      };
    }
    case "embedding": {
      const embedding = options as EmbeddingCallOptions;
      return { tokens: embedding.values.reduce((sum, value) => sum + estimateTokens(value), 0) };
    }
    case "image":
      return { images: 1 };
    case "video":
      // Pessimistic: ModelsLab bills max(1, round(s)) seconds; ceil is never below that.
      return {
        videoSeconds: Math.max(1, Math.ceil((options as VideoCallOptions).durationSeconds)),
      };
    case "speech":
      return { characters: [...(options as SpeechCallOptions).text].length };
  }
}
