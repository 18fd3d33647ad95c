import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ElevenLabsEmulator,
  startElevenLabsEmulator,
} from "../../../test/emulators/elevenlabs.js";
import { createElevenLabs, elevenLabsFromEnv } from "./elevenlabs-provider.js";

const KEY = "sk_env_key_for_provider_test";

let emulator: ElevenLabsEmulator;
beforeAll(async () => {
  emulator = await startElevenLabsEmulator({ expectedKey: KEY });
});
afterAll(() => emulator.close());

describe("elevenLabsFromEnv", () => {
  it("is null without a key, even with a base URL", () => {
    expect(elevenLabsFromEnv({})).toBeNull();
    expect(
      elevenLabsFromEnv({ ELEVENLABS_API_KEY: "  ", ELEVENLABS_BASE_URL: emulator.url }),
    ).toBeNull();
  });

  it("talks to ELEVENLABS_BASE_URL with ELEVENLABS_API_KEY", async () => {
    const before = emulator.count("/v1/voices");
    const provider = elevenLabsFromEnv({
      ELEVENLABS_API_KEY: KEY,
      ELEVENLABS_BASE_URL: emulator.url,
    });
    const voices = await provider?.speech("eleven_flash_v2_5").doListVoices();
    expect(voices?.length).toBeGreaterThan(0);
    expect(emulator.count("/v1/voices") - before).toBe(1);
    expect(emulator.requests.at(-1)?.headers["xi-api-key"]).toBe(KEY);
  });

  it("describes a speech model by the spec", () => {
    const model = elevenLabsFromEnv({ ELEVENLABS_API_KEY: KEY })?.speech("eleven_multilingual_v2");
    expect(model).toMatchObject({
      specificationVersion: "v1",
      modality: "speech",
      provider: "elevenlabs",
      modelId: "eleven_multilingual_v2",
    });
  });
});

describe("createElevenLabs", () => {
  it("accepts a base URL with a trailing slash", async () => {
    const model = createElevenLabs({ baseURL: `${emulator.url}/`, apiKey: KEY }).speech(
      "eleven_flash_v2_5",
    );
    const result = await model.doGenerate({ text: "Slash.", voiceId: "21m00Tcm4TlvDq8ikWAM" });
    expect(result.words?.map((word) => word.word)).toEqual(["Slash."]);
    expect(emulator.requests.at(-1)?.path).toBe(
      "/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/with-timestamps",
    );
  });

  it("never lets call headers replace the key", async () => {
    const model = createElevenLabs({ baseURL: emulator.url, apiKey: KEY }).speech(
      "eleven_flash_v2_5",
    );
    await model.doListVoices({ headers: { "XI-API-KEY": "other", "x-litink-run": "r1" } });
    const request = emulator.requests.at(-1);
    expect(request?.headers["xi-api-key"]).toBe(KEY);
    expect(request?.headers["x-litink-run"]).toBe("r1");
  });
});
