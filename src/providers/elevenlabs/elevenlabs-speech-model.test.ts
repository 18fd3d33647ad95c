import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type ElevenLabsEmulator,
  startElevenLabsEmulator,
} from "../../../test/emulators/elevenlabs.js";
import { locateTool } from "../../system/executables.js";
import { createElevenLabs } from "./elevenlabs-provider.js";

const KEY = "sk_test_0123456789abcdef_speech";
const RACHEL = "21m00Tcm4TlvDq8ikWAM";
const TEXT = "Call me Ishmael. Some years ago — never mind how long — I went to sea.";

let emulator: ElevenLabsEmulator;
let folder: string;

beforeAll(async () => {
  emulator = await startElevenLabsEmulator({ expectedKey: KEY });
  folder = await mkdtemp(join(tmpdir(), "litink-elevenlabs-test-"));
});
afterAll(async () => {
  await emulator.close();
  await rm(folder, { recursive: true, force: true });
});
afterEach(() => emulator.clearFaults());

function speech(modelId = "eleven_flash_v2_5", timeoutMs?: number) {
  return createElevenLabs({
    baseURL: emulator.url,
    apiKey: KEY,
    ...(timeoutMs ? { timeoutMs } : {}),
  }).speech(modelId);
}

/** The last request the emulator logged on a path. */
function lastBody(pathIncludes: string): Record<string, unknown> {
  const request = emulator.requests.filter((entry) => entry.path.includes(pathIncludes)).at(-1);
  return request?.json as Record<string, unknown>;
}

async function probeSeconds(bytes: Uint8Array): Promise<number> {
  const ffprobe = locateTool("ffprobe");
  if (!ffprobe) throw new Error("ffprobe is needed for this test");
  const file = join(folder, `${Math.random().toString(36).slice(2)}.mp3`);
  await writeFile(file, bytes);
  const output = await new Promise<string>((resolve, reject) =>
    execFile(
      ffprobe.path,
      ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file],
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
  return Number(output.trim());
}

describe("ElevenLabs speech through the SDK", () => {
  it("returns real MP3 audio with word timings inside its duration", async () => {
    const before = emulator.count("/with-timestamps");
    const result = await speech().doGenerate({ text: TEXT, voiceId: RACHEL });

    expect(emulator.count("/with-timestamps") - before).toBe(1);
    expect(emulator.requests.at(-1)?.query.get("output_format")).toBe("mp3_44100_128");
    expect(result.mediaType).toBe("audio/mpeg");
    const measured = await probeSeconds(result.audio);
    expect(measured).toBeGreaterThan(TEXT.length / 20);

    const words = result.words ?? [];
    expect(words.map((word) => word.word)).toEqual([
      "Call",
      "me",
      "Ishmael.",
      "Some",
      "years",
      "ago —",
      "never",
      "mind",
      "how",
      "long —",
      "I",
      "went",
      "to",
      "sea.",
    ]);
    for (const [index, word] of words.entries()) {
      expect(word.end).toBeGreaterThan(word.start);
      expect(word.start).toBeGreaterThanOrEqual(words[index - 1]?.end ?? 0);
      expect(word.end).toBeLessThanOrEqual(measured + 0.05);
    }
    expect(result.durationSeconds).toBe(words.at(-1)?.end);
    expect(result.usage).toEqual({ characters: [...TEXT].length });
    expect(result.providerCostUsd).toBeUndefined();
    expect(result.warnings).toEqual([]);
    expect(result.response.modelId).toBe("eleven_flash_v2_5");
    expect(result.response.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.response.headers).not.toHaveProperty("xi-api-key");
  });

  it("sends voice settings, language_code, seed and model_id in snake_case", async () => {
    await speech("eleven_turbo_v2_5").doGenerate({
      text: "Bonjour tout le monde.",
      voiceId: RACHEL,
      languageCode: "fr",
      seed: 42,
      voiceSettings: {
        stability: 0.4,
        similarityBoost: 0.8,
        style: 0.1,
        useSpeakerBoost: true,
        speed: 1.1,
      },
    });
    const request = emulator.requests.at(-1);
    expect(request?.headers["xi-api-key"]).toBe(KEY);
    expect(request?.path).toBe(`/v1/text-to-speech/${RACHEL}/with-timestamps`);
    expect(lastBody("/with-timestamps")).toEqual({
      text: "Bonjour tout le monde.",
      model_id: "eleven_turbo_v2_5",
      language_code: "fr",
      seed: 42,
      voice_settings: {
        stability: 0.4,
        similarity_boost: 0.8,
        style: 0.1,
        use_speaker_boost: true,
        speed: 1.1,
      },
    });
  });

  it("leaves language_code out for multilingual v2 and says so in a warning", async () => {
    const result = await speech("eleven_multilingual_v2").doGenerate({
      text: "Guten Tag.",
      voiceId: RACHEL,
      languageCode: "de",
      seed: -1,
    });
    expect(lastBody("/with-timestamps")).toEqual({
      text: "Guten Tag.",
      model_id: "eleven_multilingual_v2",
    });
    expect(result.warnings.map((warning) => warning.setting)).toEqual(["languageCode", "seed"]);
    expect(result.words?.map((word) => word.word)).toEqual(["Guten", "Tag."]);
  });

  it("keeps the audio and warns when the alignment is null", async () => {
    const audio = Buffer.from("ID3 not really audio");
    emulator.inject({
      pathIncludes: "/with-timestamps",
      fault: {
        kind: "status",
        status: 200,
        body: {
          audio_base64: audio.toString("base64"),
          alignment: null,
          normalized_alignment: null,
        },
      },
    });
    const result = await speech().doGenerate({ text: "No timing here.", voiceId: RACHEL });
    expect(Buffer.from(result.audio)).toEqual(audio);
    expect(result.words).toBeUndefined();
    expect(result.durationSeconds).toBeUndefined();
    expect(result.warnings).toEqual([expect.objectContaining({ type: "other" })]);
    // No cost header on this answer: usage falls back to the text's characters.
    expect(result.usage.characters).toBe("No timing here.".length);
  });

  it("lists voices with normalised labels", async () => {
    const before = emulator.count("/v1/voices");
    const voices = await speech().doListVoices();
    expect(emulator.count("/v1/voices") - before).toBe(1);
    expect(voices).toHaveLength(emulator.voices.length);
    const byName = Object.fromEntries(voices.map((voice) => [voice.name, voice]));
    expect(byName.Adam).toMatchObject({ gender: "male", age: "middle-aged", accent: "american" });
    expect(byName.Daniel).toMatchObject({ gender: "male", age: "middle-aged" });
    expect(byName.Matilda?.age).toBe("middle-aged");
    expect(byName.Joseph?.age).toBe("old");
    expect(byName.Freya?.gender).toBe("neutral");
    expect(byName.Camille).toMatchObject({ language: "fr", gender: "female", age: "young" });
    expect(byName.Rachel).toMatchObject({ voiceId: RACHEL, description: "Calm narrator" });
  });
});

describe("ElevenLabs character cost header", () => {
  it.each(["character-cost", "x-character-count"] as const)(
    "prefers %s to the text length",
    async (header) => {
      const charged = await startElevenLabsEmulator({
        expectedKey: KEY,
        characterCostHeader: header,
        characterCost: (text) => Math.ceil(text.length / 2),
      });
      try {
        const model = createElevenLabs({ baseURL: charged.url, apiKey: KEY }).speech(
          "eleven_flash_v2_5",
        );
        const result = await model.doGenerate({ text: "twelve chars", voiceId: RACHEL });
        expect(result.usage.characters).toBe(6);
        expect(result.response.headers?.[header]).toBe("6");
      } finally {
        await charged.close();
      }
    },
  );
});
