import type { ImageModel, SpeechModel, VideoModel } from "../spec/index.js";
import { type EspeakSettings, EspeakSpeechModel } from "./espeak-speech-model.js";
import { KenBurnsVideoModel } from "./ken-burns-video-model.js";
import { StoryboardImageModel } from "./storyboard-image-model.js";

export interface LocalProviderSettings extends EspeakSettings {
  /** ffmpeg for Ken Burns clips; default: LITINK_FFMPEG, `ffmpeg` on PATH, an npm-shipped one. */
  ffmpegPath?: string;
  /** Extra fonts for storyboard frames (e.g. a CJK font for a Japanese book). */
  fontsDir?: string;
}

export interface LocalProvider {
  image(modelId: "storyboard"): ImageModel;
  speech(modelId: "espeak"): SpeechModel;
  video(modelId: "ken-burns"): VideoModel;
}

/**
 * The offline `local` tier: storyboard frames, eSpeak NG voices and Ken Burns motion. Free
 * (no provider cost) but the usage units are filled so the ledger records every call.
 * Creating it loads nothing heavy: canvas, eSpeak and ffmpeg are reached on first use.
 */
export function createLocal(settings: LocalProviderSettings = {}): LocalProvider {
  return {
    image(modelId) {
      expectModel("image", modelId, "storyboard");
      return new StoryboardImageModel({ fontsDir: settings.fontsDir });
    },
    speech(modelId) {
      expectModel("speech", modelId, "espeak");
      return new EspeakSpeechModel({ espeakPath: settings.espeakPath, engine: settings.engine });
    },
    video(modelId) {
      expectModel("video", modelId, "ken-burns");
      return new KenBurnsVideoModel({ ffmpegPath: settings.ffmpegPath });
    },
  };
}

/** Model ids come from config, so an unknown one is a configuration mistake worth naming. */
function expectModel(kind: string, modelId: string, known: string): void {
  if (modelId !== known)
    throw new Error(`the local provider has no ${kind} model "${modelId}" (it has "${known}")`);
}
