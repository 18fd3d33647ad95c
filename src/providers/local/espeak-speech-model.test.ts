import { describe, expect, it } from "vitest";
import { toolPresent } from "../../../test/support/cli.js";
import type { SpeechResult } from "../spec/index.js";
import { EspeakSpeechModel } from "./espeak-speech-model.js";
import { findOnPath } from "./local-shared.js";
import { parseWav } from "./wav.js";

const wasm = new EspeakSpeechModel({ engine: "wasm" });
const text = "It is a truth universally acknowledged, that a single man must be in want of a wife.";

function same(left: SpeechResult, right: SpeechResult): boolean {
  return Buffer.from(left.audio).equals(Buffer.from(right.audio));
}

function expectUsableTimings(result: SpeechResult): void {
  const words = result.words ?? [];
  expect(words.length).toBeGreaterThan(5);
  let previousEnd = 0;
  for (const word of words) {
    expect(word.start).toBeGreaterThanOrEqual(previousEnd - 1e-9);
    expect(word.end).toBeGreaterThanOrEqual(word.start);
    previousEnd = word.end;
  }
  expect(previousEnd).toBeLessThanOrEqual((result.durationSeconds ?? 0) + 1e-9);
}

describe("EspeakSpeechModel (WebAssembly engine in a child process)", () => {
  it("speaks WAV with a measured duration, real word timings and character usage", async () => {
    const result = await wasm.doGenerate({ text, voiceId: "en+m1", languageCode: "en" });
    expect(result.mediaType).toBe("audio/wav");
    const header = parseWav(result.audio);
    expect(result.durationSeconds).toBeGreaterThan(1);
    expect(result.durationSeconds).toBeCloseTo(header.durationSeconds, 6);
    expectUsableTimings(result);
    // Every word of the text, in order, spelled as written (subtitles show these).
    expect(result.words?.map((word) => word.word).join(" ")).toBe(text);
    expect(result.warnings).toEqual([]);
    expect(result.usage).toEqual({ characters: text.length });
    expect(result.providerCostUsd).toBeUndefined();
  });

  it("gives two voices different audio, and one voice the same bytes every time", async () => {
    const male = await wasm.doGenerate({ text: "Good evening.", voiceId: "en+m3" });
    const female = await wasm.doGenerate({ text: "Good evening.", voiceId: "en-us+f2" });
    expect(same(male, female)).toBe(false);
    // f2 is breathy: eSpeak's noise is seeded from the clock unless the worker freezes it.
    for (let attempt = 0; attempt < 3; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const again = await wasm.doGenerate({ text: "Good evening.", voiceId: "en-us+f2" });
      expect(same(female, again)).toBe(true);
    }
  });

  it("uses a Spanish voice for a Spanish book, whatever the voice id's language", async () => {
    const spanishText = "¿Dónde está el niño? Mañana iremos al mercado.";
    const byBook = await wasm.doGenerate({
      text: spanishText,
      voiceId: "en+f2",
      languageCode: "es",
    });
    const spanish = await wasm.doGenerate({ text: spanishText, voiceId: "es+f2" });
    const english = await wasm.doGenerate({
      text: spanishText,
      voiceId: "en+f2",
      languageCode: "en",
    });
    expect(same(byBook, spanish)).toBe(true);
    expect(same(byBook, english)).toBe(false);
    expect(byBook.words?.map((word) => word.word).join(" ")).toBe(spanishText);
  });

  it("slows down with voiceSettings.speed", async () => {
    const normal = await wasm.doGenerate({ text, voiceId: "en+f4" });
    const slow = await wasm.doGenerate({ text, voiceId: "en+f4", voiceSettings: { speed: 0.7 } });
    expect(slow.durationSeconds ?? 0).toBeGreaterThan((normal.durationSeconds ?? 0) * 1.2);
  });

  it("falls back to English with a warning for a language eSpeak lacks", async () => {
    const result = await wasm.doGenerate({ text: "Qapla!", voiceId: "en+m1", languageCode: "tlh" });
    expect(result.durationSeconds).toBeGreaterThan(0);
    expect(result.warnings.map((warning) => warning.setting)).toContain("languageCode");
  });

  it("stops when the caller aborts", async () => {
    const controller = new AbortController();
    const running = wasm.doGenerate({ text, voiceId: "en+m1", abortSignal: controller.signal });
    controller.abort();
    await expect(running).rejects.toMatchObject({ failure: "aborted" });
  });

  it("rejects empty text as a bad request", async () => {
    await expect(wasm.doGenerate({ text: "  ", voiceId: "en+m1" })).rejects.toMatchObject({
      failure: "bad-request",
    });
  });
});

// The command-line engine is optional (the WASM build covers machines without it).
// toolPresent prints one line when it is missing, and fails under CI=true (.ci/run installs it).
const systemEspeak = toolPresent("espeak-ng") ? findOnPath("espeak-ng") : null;

describe.skipIf(!systemEspeak)("EspeakSpeechModel (system espeak-ng)", () => {
  const system = new EspeakSpeechModel({ engine: "system" });

  it("speaks WAV with estimated, monotonic word timings and says they are estimated", async () => {
    const result = await system.doGenerate({ text, voiceId: "en+m1" });
    expect(result.durationSeconds).toBeCloseTo(parseWav(result.audio).durationSeconds, 6);
    expect(result.durationSeconds).toBeGreaterThan(1);
    expectUsableTimings(result);
    expect(result.warnings.some((warning) => /estimated/.test(warning.message))).toBe(true);
  });

  it("gives two voices different audio", async () => {
    const first = await system.doGenerate({ text: "Good evening.", voiceId: "en+m3" });
    const second = await system.doGenerate({ text: "Good evening.", voiceId: "en+f2" });
    expect(same(first, second)).toBe(false);
  });
});
