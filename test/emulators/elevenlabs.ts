import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { loadToneFrames, mp3OfDuration } from "./elevenlabs-audio.js";
import { defaultVoices, type EmulatedVoice } from "./elevenlabs-voices.js";
import { type Emulator, type LoggedRequest, sendJson, startEmulator } from "./harness.js";

/**
 * ElevenLabs text-to-speech and voices on loopback, in the wire format of api-notes.md §3:
 * `xi-api-key` auth, snake_case bodies, `{detail: {status, message}}` errors, raw MP3 from
 * `/v1/text-to-speech/{voice_id}`, JSON with base64 audio and a character alignment from
 * `/with-timestamps`, a `character-cost` header. The audio is a real MP3 whose length follows
 * the text, and the alignment fits inside it.
 */

export type { EmulatedVoice };

export interface ElevenLabsEmulatorOptions {
  expectedKey: string;
  voices?: EmulatedVoice[];
  /** Delay before each speech answer, so concurrent calls overlap. */
  latencyMs?: number;
  /** Concurrent speech requests the "plan" allows; beyond it → 429 too_many_concurrent_requests. */
  maxConcurrent?: number;
  /** Characters charged for a request (default: the text's characters). */
  characterCost?: (text: string, modelId: string) => number;
  /** The docs name it two ways; default `character-cost`. */
  characterCostHeader?: "character-cost" | "x-character-count";
  random?: () => number;
}

export interface ElevenLabsEmulator extends Emulator {
  readonly voices: EmulatedVoice[];
}

/** The API's default model when a body names none. */
const DEFAULT_MODEL = "eleven_multilingual_v2";
/** Seconds of speech per character and the silence around it: roughly 15 characters a second. */
const SECONDS_PER_CHARACTER = 1 / 15;
const LEAD_SECONDS = 0.05;
const TAIL_SECONDS = 0.15;
const MODEL_LIMITS: Record<string, { maxCharacters: number; languageCode: boolean }> = {
  eleven_multilingual_v2: { maxCharacters: 10_000, languageCode: false },
  eleven_turbo_v2_5: { maxCharacters: 40_000, languageCode: true },
  eleven_flash_v2_5: { maxCharacters: 40_000, languageCode: true },
};
const SETTINGS_IN_UNIT_RANGE = ["stability", "similarity_boost", "style"] as const;

export async function startElevenLabsEmulator(
  options: ElevenLabsEmulatorOptions,
): Promise<ElevenLabsEmulator> {
  const frames = await loadToneFrames();
  const voices = options.voices ?? defaultVoices();
  let inFlight = 0;

  const speech = async (request: LoggedRequest, response: ServerResponse, json: boolean) => {
    if (!authorized(request, response, options.expectedKey)) return;
    const voiceId = decodeURIComponent(request.path.split("/")[3] ?? "");
    if (!voices.some((voice) => voice.voice_id === voiceId)) {
      return detailError(
        response,
        400,
        "voice_not_found",
        `A voice with voice_id ${voiceId} was not found.`,
      );
    }
    const problem = validate(request);
    if (problem) return sendJson(response, problem.status, problem.body);
    if (options.maxConcurrent !== undefined && inFlight >= options.maxConcurrent) {
      return detailError(
        response,
        429,
        "too_many_concurrent_requests",
        "Too many concurrent requests for your plan.",
      );
    }
    inFlight++;
    try {
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      const { text, model_id: modelId } = request.json as { text: string; model_id?: string };
      const characters = [...text];
      const cost = options.characterCost?.(text, modelId ?? DEFAULT_MODEL) ?? characters.length;
      const spoken = LEAD_SECONDS + characters.length * SECONDS_PER_CHARACTER + TAIL_SECONDS;
      const audio = mp3OfDuration(frames, spoken);
      const headers = {
        [options.characterCostHeader ?? "character-cost"]: String(cost),
        "request-id": randomUUID(),
      };
      if (!json) {
        response.writeHead(200, {
          "content-type": "audio/mpeg",
          "content-length": audio.bytes.length,
          ...headers,
        });
        response.end(audio.bytes);
        return;
      }
      const alignment = alignmentOf(characters);
      sendJson(
        response,
        200,
        {
          audio_base64: audio.bytes.toString("base64"),
          alignment,
          normalized_alignment: alignment,
        },
        headers,
      );
    } finally {
      inFlight--;
    }
  };

  const emulator = await startEmulator({
    errorBody,
    ...(options.random ? { random: options.random } : {}),
    routes: [
      {
        method: "GET",
        match: /^\/v1\/voices\/?$/,
        handle: (request, response) => {
          if (authorized(request, response, options.expectedKey))
            sendJson(response, 200, { voices });
        },
      },
      {
        method: "POST",
        match: /^\/v1\/text-to-speech\/[^/]+\/with-timestamps\/?$/,
        handle: (request, response) => speech(request, response, true),
      },
      {
        method: "POST",
        match: /^\/v1\/text-to-speech\/[^/]+\/?$/,
        handle: (request, response) => speech(request, response, false),
      },
    ],
  });
  return Object.assign(emulator, { voices });
}

/** Characters spoken one after another at an even pace, spaces included, as ElevenLabs does. */
function alignmentOf(characters: string[]) {
  const starts = characters.map((_, index) => round(LEAD_SECONDS + index * SECONDS_PER_CHARACTER));
  const ends = characters.map((_, index) =>
    round(LEAD_SECONDS + (index + 1) * SECONDS_PER_CHARACTER),
  );
  return {
    characters,
    character_start_times_seconds: starts,
    character_end_times_seconds: ends,
  };
}

function validate(request: LoggedRequest): { status: number; body: unknown } | undefined {
  const body = request.json as Record<string, unknown> | undefined;
  if (!body || typeof body.text !== "string" || body.text.trim() === "") {
    return validationError(["body", "text"], "Field required");
  }
  const format = request.query.get("output_format");
  if (format !== null && !format.startsWith("mp3_")) {
    return validationError(["query", "output_format"], "the emulator only produces mp3_* formats");
  }
  const modelId = typeof body.model_id === "string" ? body.model_id : DEFAULT_MODEL;
  const model = MODEL_LIMITS[modelId];
  if (model && [...body.text].length > model.maxCharacters) {
    return {
      status: 400,
      body: detail(
        "max_character_limit_exceeded",
        `Text exceeds ${model.maxCharacters} characters for ${modelId}.`,
      ),
    };
  }
  if (body.language_code !== undefined && model && !model.languageCode) {
    return {
      status: 400,
      body: detail(
        "unsupported_language_code",
        `Model '${modelId}' does not support language_code.`,
      ),
    };
  }
  const settings = body.voice_settings as Record<string, unknown> | undefined;
  for (const name of SETTINGS_IN_UNIT_RANGE) {
    const value = settings?.[name];
    if (value !== undefined && (typeof value !== "number" || value < 0 || value > 1)) {
      return validationError(["body", "voice_settings", name], "Input should be between 0 and 1");
    }
  }
  return undefined;
}

function authorized(
  request: LoggedRequest,
  response: ServerResponse,
  expectedKey: string,
): boolean {
  if (request.headers["xi-api-key"] === expectedKey) return true;
  detailError(response, 401, "invalid_api_key", "Invalid API key");
  return false;
}

function detail(status: string, message: string) {
  return { detail: { status, message } };
}

function detailError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  sendJson(response, status, detail(code, message));
}

function validationError(loc: string[], msg: string) {
  return { status: 422, body: { detail: [{ loc, msg, type: "value_error" }] } };
}

/** Error envelopes for the harness's injected status faults. */
function errorBody(status: number, message: string): unknown {
  if (status === 401) return detail("invalid_api_key", "Invalid API key");
  if (status === 422) return { detail: [{ loc: ["body"], msg: message, type: "value_error" }] };
  if (status === 429)
    return detail("system_busy", "The system is experiencing heavy traffic, please try again.");
  if (status === 404) return detail("not_found", message);
  return detail("internal_error", message);
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
