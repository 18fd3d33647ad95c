import { describe, expect, it } from "vitest";
import { encodeWav, parseWav } from "./wav.js";
import { estimateTimings, timingsFromEvents } from "./word-timings.js";

describe("word timings", () => {
  it("reads words from eSpeak events and ends each at the next pause", () => {
    const text = "Hello world. Yes";
    const events = [
      { type: "word", textPosition: 1, length: 5, audioMs: 0 },
      { type: "word", textPosition: 7, length: 6, audioMs: 310 },
      { type: "phoneme", textPosition: 13, length: 0, audioMs: 768, phoneme: "" },
      { type: "end", textPosition: 13, length: 0, audioMs: 1069 },
      { type: "word", textPosition: 14, length: 3, audioMs: 1069 },
      { type: "word", textPosition: 14, length: 3, audioMs: 1200 },
    ];
    expect(timingsFromEvents(text, events, 1.5)).toEqual([
      { word: "Hello", start: 0, end: 0.31 },
      { word: "world.", start: 0.31, end: 0.768 },
      { word: "Yes", start: 1.069, end: 1.5 },
    ]);
  });

  it("shares a group's time among words eSpeak ran together, spelled as in the text", () => {
    const words = timingsFromEvents(
      "Hello from the build.",
      [
        { type: "word", textPosition: 1, length: 5, audioMs: 0 },
        { type: "word", textPosition: 7, length: 4, audioMs: 300 },
        { type: "word", textPosition: 16, length: 5, audioMs: 650 },
        { type: "end", textPosition: 21, length: 0, audioMs: 1100 },
      ],
      1.2,
    );
    expect(words.map((word) => word.word)).toEqual(["Hello", "from", "the", "build."]);
    expect(words[1]).toEqual({ word: "from", start: 0.3, end: 0.5 });
    expect(words[2]).toEqual({ word: "the", start: 0.5, end: 0.65 });
  });

  it("counts text positions in code points, not bytes", () => {
    const words = timingsFromEvents(
      "Élodie était là",
      [
        { type: "word", textPosition: 1, length: 6, audioMs: 0 },
        { type: "word", textPosition: 8, length: 5, audioMs: 300 },
        { type: "word", textPosition: 14, length: 2, audioMs: 600 },
      ],
      1,
    );
    expect(words.map((word) => word.word)).toEqual(["Élodie", "était", "là"]);
    expect(words[2]?.start).toBe(0.6);
  });

  it("estimates monotonic timings that fill the audio", () => {
    const words = estimateTimings("It was late. The fire, low, hissed.", 3);
    expect(words).toHaveLength(7);
    for (let index = 1; index < words.length; index++)
      expect(words[index]?.start).toBeGreaterThanOrEqual(words[index - 1]?.end ?? Number.NaN);
    // The last word ends before the sentence's closing pause.
    expect(words.at(-1)?.end).toBeLessThanOrEqual(3);
    expect(words.at(-1)?.end).toBeGreaterThan(2.5);
  });
});

describe("wav", () => {
  it("writes a header whose duration reads back", () => {
    const wav = encodeWav(new Uint8Array(22050 * 2), 22050);
    expect(parseWav(wav)).toMatchObject({ sampleRate: 22050, channels: 1, durationSeconds: 1 });
  });

  it("reads a streamed WAV whose sizes were never filled in", () => {
    const wav = encodeWav(new Uint8Array(1000), 16000);
    new DataView(wav.buffer).setUint32(40, 0xffffffff, true);
    expect(parseWav(wav).dataLength).toBe(1000);
  });
});
