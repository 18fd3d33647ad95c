import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Motion } from "../providers/local/ken-burns-motion.js";
import { runFfmpeg } from "./ffmpeg/run.js";
import { renderProfile } from "./profiles.js";
import type { TimelineInput } from "./timeline-types.js";

/**
 * Test only: a synthetic chapter with real media — two scenes of two shots, stills drawn
 * with @napi-rs/canvas, speech lines as tones of different lengths and pitches (each with an
 * amplitude wobble, so loudness is not a flat sine's), and one provider clip made by lavfi.
 */

const PUSH_IN: Motion = {
  name: "push-in",
  zoomFrom: 1,
  zoomTo: 1.2,
  centerFrom: [0.5, 0.5],
  centerTo: [0.5, 0.5],
};
const PAN_LEFT: Motion = {
  name: "pan-left",
  zoomFrom: 1.15,
  zoomTo: 1.15,
  centerFrom: [0.56, 0.5],
  centerTo: [0.44, 0.5],
};

/** 48 kHz mono 16-bit PCM: a tone with 10 ms ramps (no clicks) and a 3 Hz wobble. */
export async function writeTone(path: string, seconds: number, hertz: number): Promise<void> {
  const rate = 48_000;
  const samples = Math.round(seconds * rate);
  const bytes = Buffer.alloc(44 + samples * 2);
  bytes.write("RIFF", 0);
  bytes.writeUInt32LE(36 + samples * 2, 4);
  bytes.write("WAVEfmt ", 8);
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(1, 22);
  bytes.writeUInt32LE(rate, 24);
  bytes.writeUInt32LE(rate * 2, 28);
  bytes.writeUInt16LE(2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write("data", 36);
  bytes.writeUInt32LE(samples * 2, 40);
  const ramp = rate / 100;
  for (let index = 0; index < samples; index += 1) {
    const edge = Math.min(1, index / ramp, (samples - 1 - index) / ramp);
    const wobble = 0.6 + 0.4 * Math.sin((2 * Math.PI * 3 * index) / rate);
    const value = 0.3 * edge * wobble * Math.sin((2 * Math.PI * hertz * index) / rate);
    bytes.writeInt16LE(Math.round(32_767 * value), 44 + index * 2);
  }
  await writeFile(path, bytes);
}

/** A still with shapes, so the Ken Burns motion is visible (and x264 has something to do). */
export async function writeStill(path: string, hue: number): Promise<void> {
  const { createCanvas } = await import("@napi-rs/canvas");
  const [width, height] = [480, 270];
  const canvas = createCanvas(width, height);
  const context = canvas.getContext("2d");
  context.fillStyle = `hsl(${hue} 45% 40%)`;
  context.fillRect(0, 0, width, height);
  for (let index = 0; index < 6; index += 1) {
    context.fillStyle = `hsl(${(hue + index * 50) % 360} 60% 60%)`;
    context.beginPath();
    context.arc(40 + index * 80, 80 + (index % 2) * 100, 30, 0, Math.PI * 2);
    context.fill();
  }
  await writeFile(path, await canvas.encode("png"));
}

/** A provider clip stand-in: 1.5 s of testsrc2 at 25 fps and another size (scaled, held). */
export async function writeClip(ffmpeg: string, path: string): Promise<void> {
  await runFfmpeg(
    [
      ...["-y", "-f", "lavfi", "-i", "testsrc2=s=200x150:r=25:d=1.5"],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", path],
    ],
    { binary: ffmpeg, step: "making a test clip" },
  );
}

/** Lines: [scene][shot] → [seconds, hertz, text]. Scene 1 shot 2 is the provider clip. */
const LINES: Array<Array<Array<[number, number, string]>>> = [
  [
    [
      [0.8, 330, "It was the best of times, it was the worst of times."],
      [1.3, 440, "It was the age of wisdom."],
    ],
    [[1.5, 520, "And the clip holds its last frame while I speak."]],
  ],
  [
    [[0.6, 290, "No."]],
    [
      [1.1, 610, "It was the epoch of belief, it was the epoch of incredulity."],
      [0.9, 380, "Spring of hope."],
    ],
  ],
];

/** Writes the media into `folder` and returns the planner's input at the draft profile. */
export async function syntheticChapter(folder: string, ffmpeg: string): Promise<TimelineInput> {
  const clip = join(folder, "clip.mp4");
  await writeClip(ffmpeg, clip);
  const scenes = await Promise.all(
    LINES.map(async (shots, sceneIndex) => ({
      id: `s${sceneIndex + 1}`,
      heading: `Scene ${sceneIndex + 1}: ${sceneIndex === 0 ? "The Inn" : "The Road"}`,
      shots: await Promise.all(
        shots.map(async (lines, shotIndex) => {
          const id = `s${sceneIndex + 1}-shot${shotIndex + 1}`;
          const isClip = sceneIndex === 0 && shotIndex === 1;
          const still = join(folder, `${id}.png`);
          if (!isClip) await writeStill(still, sceneIndex * 120 + shotIndex * 60);
          return {
            id,
            visual: isClip
              ? { kind: "clip" as const, path: clip, seconds: 1.5 }
              : { kind: "still" as const, path: still, motion: shotIndex ? PAN_LEFT : PUSH_IN },
            lines: await Promise.all(
              lines.map(async ([seconds, hertz, text], lineIndex) => {
                const audio = join(folder, `${id}-l${lineIndex + 1}.wav`);
                await writeTone(audio, seconds, hertz);
                return {
                  id: `${id}-l${lineIndex + 1}`,
                  speaker: lineIndex ? "NARRATOR" : "SYDNEY",
                  text,
                  audio,
                  duration: seconds,
                  words: [],
                };
              }),
            ),
          };
        }),
      ),
    })),
  );
  return { chapter: 1, title: "A Tale", profile: renderProfile("16:9", "draft"), scenes };
}
