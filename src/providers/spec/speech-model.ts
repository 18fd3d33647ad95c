import type { CallOptionsBase, ModelBase, ResultBase } from "./shared.js";

export interface VoiceSettings {
  stability?: number;
  similarityBoost?: number;
  style?: number;
  speed?: number;
  useSpeakerBoost?: boolean;
}

export interface SpeechCallOptions extends CallOptionsBase {
  text: string;
  voiceId: string;
  /** ISO 639-1, from the book's language. */
  languageCode?: string;
  voiceSettings?: VoiceSettings;
  seed?: number;
}

/** Timing of each word in seconds from the start of the audio, when the provider gives it. */
export interface WordTiming {
  word: string;
  start: number;
  end: number;
}

export interface SpeechResult extends ResultBase {
  audio: Uint8Array;
  /** e.g. "audio/mpeg", "audio/wav". */
  mediaType: string;
  durationSeconds?: number;
  words?: WordTiming[];
}

export interface Voice {
  voiceId: string;
  name: string;
  gender?: "female" | "male" | "neutral";
  age?: "child" | "young" | "middle-aged" | "old";
  accent?: string;
  language?: string;
  description?: string;
  /**
   * Voices of one family sound alike (eSpeak's "en+f4" and "en-us+f4" differ only in
   * accent): casting treats them as one when it wants voices told apart.
   */
  family?: string;
}

export interface SpeechModel extends ModelBase {
  readonly modality: "speech";
  doGenerate(options: SpeechCallOptions): Promise<SpeechResult>;
  doListVoices(options?: CallOptionsBase): Promise<Voice[]>;
}
