import { ProviderError } from "../provider-error.js";
import type {
  SpeechCallOptions,
  SpeechModel,
  SpeechResult,
  Voice,
  Warning,
} from "../spec/index.js";
import { SPECIFICATION_VERSION } from "../spec/index.js";
import type { EspeakEngine } from "./espeak-engines.js";
import { listVoices, resolveVoice } from "./espeak-voices.js";
import { abortedError, findOnPath, LOCAL_PROVIDER } from "./local-shared.js";
import { encodeWav } from "./wav.js";
import { estimateTimings, timingsFromEvents } from "./word-timings.js";

export interface EspeakSettings {
  /** The espeak-ng program; default: `espeak-ng` on PATH. */
  espeakPath?: string;
  /**
   * "auto": the bundled WebAssembly build when installed, else the system espeak-ng. The
   * bundled build reports real word boundaries (the command line cannot) and sounds the same
   * on every machine, which keeps cached audio valid across machines.
   */
  engine?: "auto" | "system" | "wasm";
}

/** eSpeak NG's default speaking rate, words per minute. */
const DEFAULT_RATE = 175;
const MAX_CHARACTERS = 20_000;

/**
 * Offline speech with eSpeak NG: robotic but free, in ~100 languages, with eight
 * distinguishable voices per language and word timings for subtitles.
 */
export class EspeakSpeechModel implements SpeechModel {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly modality = "speech" as const;
  readonly provider = LOCAL_PROVIDER;
  readonly modelId = "espeak";
  private engine: Promise<EspeakEngine> | undefined;

  constructor(private readonly settings: EspeakSettings = {}) {}

  async doGenerate(options: SpeechCallOptions): Promise<SpeechResult> {
    if (options.abortSignal?.aborted) throw abortedError(this.modelId);
    const text = options.text.trim();
    if (text === "" || text.length > MAX_CHARACTERS)
      throw new ProviderError({
        provider: this.provider,
        modelId: this.modelId,
        failure: "bad-request",
        detail: `text must have 1–${MAX_CHARACTERS} characters (got ${text.length})`,
      });
    const voice = resolveVoice(options.voiceId, options.languageCode);
    const warnings: Warning[] = [...voice.warnings, ...unsupportedWarnings(options)];
    const speed = Math.min(2, Math.max(0.5, options.voiceSettings?.speed ?? 1));
    const engine = await this.resolveEngine();
    const synthesis = await engine.synthesize(
      {
        // eSpeak reads SSML-ish markup; angle brackets become spaces so text positions still match.
        text: text.replace(/[<>]/g, " "),
        voice: voice.espeakVoice,
        rate: Math.round(DEFAULT_RATE * speed),
        pitch: voice.variant.pitch,
      },
      options.abortSignal,
    );
    const audio = encodeWav(synthesis.pcm, synthesis.sampleRate);
    const durationSeconds = synthesis.pcm.byteLength / 2 / synthesis.sampleRate;
    let words = synthesis.events ? timingsFromEvents(text, synthesis.events, durationSeconds) : [];
    if (words.length === 0) {
      words = estimateTimings(text, durationSeconds);
      warnings.push({
        type: "other",
        message: `word timings are estimated from word lengths (the ${engine.name} eSpeak engine reports no word boundaries)`,
      });
    }
    return {
      audio,
      mediaType: "audio/wav",
      durationSeconds,
      words,
      usage: { characters: text.length },
      warnings,
      response: { modelId: this.modelId, timestamp: new Date() },
    };
  }

  async doListVoices(): Promise<Voice[]> {
    return listVoices();
  }

  /** Which engine speaks, decided once per model. */
  private resolveEngine(): Promise<EspeakEngine> {
    this.engine ??= (async () => {
      const engines = await import("./espeak-engines.js");
      const choice = this.settings.engine ?? "auto";
      const program = this.settings.espeakPath ?? findOnPath("espeak-ng");
      if (choice !== "system" && engines.wasmEngineAvailable()) return engines.wasmEngine();
      if (choice !== "wasm" && program) return engines.systemEngine(program);
      throw new ProviderError({
        provider: this.provider,
        modelId: this.modelId,
        failure: "unavailable",
        detail:
          choice === "system"
            ? "espeak-ng is not installed (apt-get install espeak-ng, or set espeakPath)"
            : "neither espeak-ng nor @echogarden/espeak-ng-emscripten is installed",
      });
    })();
    this.engine.catch(() => {
      this.engine = undefined;
    });
    return this.engine;
  }
}

function unsupportedWarnings(options: SpeechCallOptions): Warning[] {
  const settings = options.voiceSettings ?? {};
  const ignored = (["stability", "similarityBoost", "style", "useSpeakerBoost"] as const).filter(
    (name) => settings[name] !== undefined,
  );
  return ignored.length === 0
    ? []
    : [
        {
          type: "unsupported-setting",
          setting: `voiceSettings.${ignored.join(", ")}`,
          message: `eSpeak NG ignores ${ignored.join(", ")}; only speed applies`,
        },
      ];
}
