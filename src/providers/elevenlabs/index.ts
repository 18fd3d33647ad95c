export {
  createElevenLabs,
  DEFAULT_TIMEOUT_MS,
  type ElevenLabsProvider,
  type ElevenLabsProviderSettings,
  elevenLabsFromEnv,
} from "./elevenlabs-provider.js";
export { ElevenLabsSpeechModel } from "./elevenlabs-speech-model.js";
export { normalizeAge, normalizeGender, normalizeVoice } from "./voice-labels.js";
export { wordTimingsFromAlignment } from "./word-timings.js";
