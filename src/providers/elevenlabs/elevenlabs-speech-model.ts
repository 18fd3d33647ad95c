import type { ElevenLabs, ElevenLabsClient } from "@elevenlabs/elevenlabs-js";
import { isCredentialHeader, keptHeaders } from "../http-helpers.js";
import {
  type CallOptionsBase,
  SPECIFICATION_VERSION,
  type SpeechCallOptions,
  type SpeechModel,
  type SpeechResult,
  type Voice,
  type Warning,
} from "../spec/index.js";
import {
  CHARACTER_COST_HEADERS,
  ELEVENLABS_PROVIDER,
  KEPT_RESPONSE_HEADERS,
  MAX_SEED,
  MODELS_WITH_LANGUAGE_CODE,
  SPEECH_MEDIA_TYPE,
  SPEECH_OUTPUT_FORMAT,
} from "./elevenlabs-api-types.js";
import { mapElevenLabsError } from "./elevenlabs-error.js";
import { normalizeVoice } from "./voice-labels.js";
import { wordTimingsFromAlignment } from "./word-timings.js";

export interface ElevenLabsSpeechModelConfig {
  /** Creates (once) and returns the SDK client; the SDK is imported on first use only. */
  client: () => Promise<ElevenLabsClient>;
  apiKey: string;
  timeoutMs: number;
}

/** The subset of the SDK's per-request options litink sets. */
interface SdkRequestOptions {
  timeoutInSeconds: number;
  maxRetries: number;
  abortSignal?: AbortSignal;
  headers?: Record<string, string>;
}

const SDK_TIMEOUT_MARGIN_SECONDS = 5;

/**
 * ElevenLabs text-to-speech through the official SDK. Always the with-timestamps endpoint, so
 * subtitles are timed from the real alignment. No retries here (the SDK's are off too): the
 * resilience middleware wraps this model and must see every failure.
 */
export class ElevenLabsSpeechModel implements SpeechModel {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly modality = "speech" as const;
  readonly provider = ELEVENLABS_PROVIDER;

  constructor(
    readonly modelId: string,
    private readonly config: ElevenLabsSpeechModelConfig,
  ) {}

  async doGenerate(options: SpeechCallOptions): Promise<SpeechResult> {
    const warnings: Warning[] = [];
    const request = this.buildRequest(options, warnings);
    const { data, rawResponse } = await this.call(options, (client, requestOptions) =>
      client.textToSpeech
        .convertWithTimestamps(options.voiceId, request, requestOptions)
        .withRawResponse(),
    );
    const audio = new Uint8Array(Buffer.from(data.audioBase64, "base64"));
    const timing = this.readTimings(data, warnings);
    const headers = keptHeaders(rawResponse.headers, KEPT_RESPONSE_HEADERS);
    return {
      audio,
      mediaType: SPEECH_MEDIA_TYPE,
      ...timing,
      usage: { characters: chargedCharacters(headers) ?? [...options.text].length },
      warnings,
      response: {
        ...responseId(headers),
        modelId: this.modelId,
        timestamp: new Date(),
        headers,
      },
    };
  }

  async doListVoices(options: CallOptionsBase = {}): Promise<Voice[]> {
    const response = await this.call(options, (client, requestOptions) =>
      client.voices.getAll({}, requestOptions),
    );
    return response.voices.map(normalizeVoice);
  }

  private buildRequest(
    options: SpeechCallOptions,
    warnings: Warning[],
  ): ElevenLabs.BodyTextToSpeechFullWithTimestamps {
    const request: ElevenLabs.BodyTextToSpeechFullWithTimestamps = {
      text: options.text,
      modelId: this.modelId,
      outputFormat: SPEECH_OUTPUT_FORMAT,
    };
    if (options.languageCode) {
      if (MODELS_WITH_LANGUAGE_CODE.has(this.modelId)) {
        request.languageCode = options.languageCode;
      } else {
        warnings.push({
          type: "unsupported-setting",
          setting: "languageCode",
          message: `${this.modelId} does not take language_code; it infers the language from the text`,
        });
      }
    }
    const settings = options.voiceSettings;
    if (settings) {
      const voiceSettings: ElevenLabs.VoiceSettings = {};
      if (settings.stability !== undefined) voiceSettings.stability = settings.stability;
      if (settings.similarityBoost !== undefined)
        voiceSettings.similarityBoost = settings.similarityBoost;
      if (settings.style !== undefined) voiceSettings.style = settings.style;
      if (settings.useSpeakerBoost !== undefined)
        voiceSettings.useSpeakerBoost = settings.useSpeakerBoost;
      if (settings.speed !== undefined) voiceSettings.speed = settings.speed;
      if (Object.keys(voiceSettings).length > 0) request.voiceSettings = voiceSettings;
    }
    if (options.seed !== undefined) {
      if (Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= MAX_SEED) {
        request.seed = options.seed;
      } else {
        warnings.push({
          type: "unsupported-setting",
          setting: "seed",
          message: `seed must be an integer in 0–${MAX_SEED}; sent without it`,
        });
      }
    }
    return request;
  }

  private readTimings(
    data: ElevenLabs.AudioWithTimestampsResponse,
    warnings: Warning[],
  ): Pick<SpeechResult, "words" | "durationSeconds"> {
    // `alignment` follows the text as written, which is what subtitles show.
    const alignment = data.alignment ?? data.normalizedAlignment;
    if (!alignment) {
      warnings.push({
        type: "other",
        message: "no alignment returned; speech has no word timings",
      });
      return {};
    }
    const timings = wordTimingsFromAlignment(alignment);
    if (!timings.ok) {
      warnings.push({ type: "other", message: `alignment unusable (${timings.reason})` });
      return {};
    }
    return {
      words: timings.words,
      ...(timings.endSeconds === undefined ? {} : { durationSeconds: timings.endSeconds }),
    };
  }

  private async call<T>(
    options: CallOptionsBase,
    run: (client: ElevenLabsClient, requestOptions: SdkRequestOptions) => Promise<T> | T,
  ): Promise<T> {
    // litink's own deadline: the SDK aborts its timeouts with a bare string, which arrives as
    // an unnamed error; a signal of our own tells a timeout from a caller's cancel reliably.
    const deadline = AbortSignal.timeout(this.config.timeoutMs);
    const requestOptions: SdkRequestOptions = {
      // The SDK's own timer only as a backstop, after ours.
      timeoutInSeconds: this.config.timeoutMs / 1000 + SDK_TIMEOUT_MARGIN_SECONDS,
      maxRetries: 0,
      abortSignal: options.abortSignal
        ? AbortSignal.any([options.abortSignal, deadline])
        : deadline,
      ...(options.headers ? { headers: safeHeaders(options.headers) } : {}),
    };
    try {
      const client = await this.config.client();
      return await run(client, requestOptions);
    } catch (error) {
      throw mapElevenLabsError(error, {
        modelId: this.modelId,
        apiKey: this.config.apiKey,
        cancelled: options.abortSignal?.aborted === true,
        timedOut: deadline.aborted,
      });
    }
  }
}

function safeHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !isCredentialHeader(name)));
}

/** The provider's own count of characters charged, when it sends one. */
function chargedCharacters(headers: Record<string, string>): number | undefined {
  for (const name of CHARACTER_COST_HEADERS) {
    const value = Number(headers[name]);
    if (headers[name] !== undefined && Number.isFinite(value) && value >= 0) return value;
  }
  return undefined;
}

function responseId(headers: Record<string, string>): { id?: string } {
  const id = headers["request-id"] ?? headers["x-request-id"];
  return id ? { id } : {};
}
