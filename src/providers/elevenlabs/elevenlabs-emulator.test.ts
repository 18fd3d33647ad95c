import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ElevenLabsClient } from "@elevenlabs/elevenlabs-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ElevenLabsEmulator,
  startElevenLabsEmulator,
} from "../../../test/emulators/elevenlabs.js";
import { locateTool } from "../../system/executables.js";

/** The emulator's plain (non-timestamp) endpoint and its audio, driven by the SDK itself. */
const KEY = "sk_emulator_test_key";
let emulator: ElevenLabsEmulator;
let folder: string;

beforeAll(async () => {
  emulator = await startElevenLabsEmulator({ expectedKey: KEY });
  folder = await mkdtemp(join(tmpdir(), "litink-elevenlabs-emulator-test-"));
});
afterAll(async () => {
  await emulator.close();
  await rm(folder, { recursive: true, force: true });
});

async function secondsOf(bytes: Buffer, name: string): Promise<number> {
  const ffprobe = locateTool("ffprobe");
  if (!ffprobe) throw new Error("ffprobe is needed for this test");
  const file = join(folder, name);
  await writeFile(file, bytes);
  return new Promise((resolve, reject) =>
    execFile(
      ffprobe.path,
      ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file],
      (error, stdout) => (error ? reject(error) : resolve(Number(stdout.trim()))),
    ),
  );
}

async function convert(client: ElevenLabsClient, text: string): Promise<Buffer> {
  const stream = await client.textToSpeech.convert("pNInz6obpgDQGcFmaJgB", {
    text,
    modelId: "eleven_flash_v2_5",
    outputFormat: "mp3_44100_128",
  });
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe("ElevenLabs emulator", () => {
  it("answers POST /v1/text-to-speech/{voice_id} with MP3 whose length follows the text", async () => {
    const client = new ElevenLabsClient({ apiKey: KEY, baseUrl: emulator.url, maxRetries: 0 });
    const short = await convert(client, "Short line.");
    const long = await convert(client, "A much longer line of narration, ".repeat(6));
    expect(emulator.count("/v1/text-to-speech/pNInz6obpgDQGcFmaJgB")).toBe(2);
    const shortSeconds = await secondsOf(short, "short.mp3");
    const longSeconds = await secondsOf(long, "long.mp3");
    expect(shortSeconds).toBeGreaterThan(0.5);
    expect(longSeconds).toBeGreaterThan(shortSeconds * 8);
  });

  it("rejects a wrong key on every route", async () => {
    const client = new ElevenLabsClient({ apiKey: "wrong", baseUrl: emulator.url, maxRetries: 0 });
    await expect(client.voices.getAll()).rejects.toMatchObject({ statusCode: 401 });
    await expect(convert(client, "x")).rejects.toMatchObject({ statusCode: 401 });
  });
});
