/**
 * Wire facts about the ElevenLabs API that the SDK does not decide for us
 * (`/work/shared/api-notes.md` §3). The SDK owns the request and response shapes; what lives
 * here is which values litink picks and which models accept which fields.
 */

export const ELEVENLABS_PROVIDER = "elevenlabs";
export const ELEVENLABS_DEFAULT_BASE_URL = "https://api.elevenlabs.io";

/** MP3 at 44.1 kHz/128 kbps: available on every paid plan (192 kbps needs Creator+). */
export const SPEECH_OUTPUT_FORMAT = "mp3_44100_128";
export const SPEECH_MEDIA_TYPE = "audio/mpeg";

/**
 * Models documented to accept `language_code`. Multilingual v2 rejects it (the SDK docs: "not
 * supported for multilingual_v2 models") and infers the language from the text instead, so
 * for every other model litink leaves it out and warns rather than risk a 400.
 */
export const MODELS_WITH_LANGUAGE_CODE: ReadonlySet<string> = new Set([
  "eleven_turbo_v2_5",
  "eleven_flash_v2_5",
]);

/** `seed` is documented as an integer in 0–4294967295. */
export const MAX_SEED = 4_294_967_295;

/**
 * Response headers worth keeping on `response.headers` (never auth headers). The docs disagree
 * on the character-cost header's name, so both spellings are read.
 */
export const CHARACTER_COST_HEADERS = ["character-cost", "x-character-count"] as const;
export const KEPT_RESPONSE_HEADERS = [
  "request-id",
  "x-request-id",
  "content-type",
  ...CHARACTER_COST_HEADERS,
] as const;

/** `detail.status` codes of the 400/401/429 error bodies, and what each means for a caller. */
export const ERROR_STATUS = {
  invalidApiKey: "invalid_api_key",
  voiceNotFound: "voice_not_found",
  quotaExceeded: "quota_exceeded",
  maxCharacterLimitExceeded: "max_character_limit_exceeded",
  tooManyConcurrentRequests: "too_many_concurrent_requests",
  systemBusy: "system_busy",
} as const;

/** A character alignment as the SDK returns it (camelCase after its deserialiser). */
export interface CharacterAlignment {
  characters: string[];
  characterStartTimesSeconds: number[];
  characterEndTimesSeconds: number[];
}
