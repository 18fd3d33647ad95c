// The render bench's inputs: six photo-like 1280×720 stills drawn with @napi-rs/canvas and
// speech lines (eSpeak NG sentences when /usr/bin/espeak-ng exists, else tone + noise), each
// padded or trimmed to an exact length so every shot lasts chapterSeconds / 6 exactly.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCanvas } from "@napi-rs/canvas";

const ESPEAK = "/usr/bin/espeak-ng";

/** Three lines a shot, narrator and two voices; short enough for eSpeak to fit 2.7 s each. */
const SENTENCES = [
  [
    "Alice was beginning to get very tired.",
    "She had nothing to do at all.",
    "Then a white rabbit ran past.",
  ],
  ["Oh dear, I shall be late!", "The rabbit took a watch out.", "Alice started to her feet."],
  ["Down the hole she went at once.", "It was dark and very deep.", "She fell for a long time."],
  [
    "I wonder how far I have fallen.",
    "Jars and maps lined the walls.",
    "Then she landed on dry leaves.",
  ],
  [
    "The long hall was lit by lamps.",
    "Every door in it was locked.",
    "A tiny golden key lay there.",
  ],
  ["Drink me, said the little label.", "Alice was not in a hurry.", "It tasted of cherry tart."],
];
const SPEAKERS = ["narrator", "Rabbit", "narrator"];
const VOICES = { narrator: "en-us", Rabbit: "en-gb+f3" };

/** A landscape: sky gradient, a sun, layered hills, a lake, trees, a little film grain. */
function drawStill(index, width, height) {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext("2d");
  const hue = (index * 53) % 360;
  const sky = context.createLinearGradient(0, 0, 0, height * 0.65);
  sky.addColorStop(0, `hsl(${hue + 200}, 55%, 30%)`);
  sky.addColorStop(1, `hsl(${hue + 20}, 75%, 72%)`);
  context.fillStyle = sky;
  context.fillRect(0, 0, width, height);
  const sunX = width * (0.2 + 0.12 * index);
  const sun = context.createRadialGradient(
    sunX,
    height * 0.3,
    4,
    sunX,
    height * 0.3,
    height * 0.35,
  );
  sun.addColorStop(0, "rgba(255, 245, 210, 1)");
  sun.addColorStop(0.15, "rgba(255, 220, 150, 0.8)");
  sun.addColorStop(1, "rgba(255, 200, 120, 0)");
  context.fillStyle = sun;
  context.fillRect(0, 0, width, height);
  // Hills: back to front, darker and more saturated nearer the viewer.
  for (let layer = 0; layer < 4; layer += 1) {
    const base = height * (0.45 + layer * 0.1);
    const gradient = context.createLinearGradient(0, base - 80, 0, height);
    gradient.addColorStop(
      0,
      `hsl(${hue + 90 + layer * 12}, ${30 + layer * 12}%, ${55 - layer * 11}%)`,
    );
    gradient.addColorStop(1, `hsl(${hue + 110}, 35%, ${20 - layer * 3}%)`);
    context.fillStyle = gradient;
    context.beginPath();
    context.moveTo(0, height);
    for (let x = 0; x <= width; x += 16) {
      const y =
        base -
        60 * Math.sin(x / (170 + layer * 60) + index + layer) -
        25 * Math.sin(x / 47 + layer);
      context.lineTo(x, y);
    }
    context.lineTo(width, height);
    context.fill();
  }
  const lake = context.createLinearGradient(0, height * 0.78, 0, height);
  lake.addColorStop(0, `hsla(${hue + 200}, 50%, 60%, 0.85)`);
  lake.addColorStop(1, `hsla(${hue + 220}, 60%, 25%, 0.9)`);
  context.fillStyle = lake;
  context.beginPath();
  context.ellipse(width * 0.6, height * 0.9, width * 0.35, height * 0.08, 0, 0, Math.PI * 2);
  context.fill();
  for (let tree = 0; tree < 14; tree += 1) {
    const x = ((tree * 97 + index * 41) % width) + 10;
    const y = height * (0.7 + ((tree * 13) % 20) / 100);
    const size = 30 + ((tree * 29 + index * 7) % 50);
    context.fillStyle = `hsl(${hue + 120}, 40%, ${14 + (tree % 4) * 4}%)`;
    context.beginPath();
    context.moveTo(x, y - size * 2);
    context.lineTo(x - size / 2, y);
    context.lineTo(x + size / 2, y);
    context.fill();
  }
  // Grain (±6 levels): generated images are never perfectly smooth, and x264 notices.
  const image = context.getImageData(0, 0, width, height);
  let seed = 1 + index;
  for (let at = 0; at < image.data.length; at += 4) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const noise = (seed % 13) - 6;
    image.data[at] += noise;
    image.data[at + 1] += noise;
    image.data[at + 2] += noise;
  }
  context.putImageData(image, 0, 0);
  return canvas.toBuffer("image/png");
}

export function drawStills(folder, width, height) {
  return Array.from({ length: 6 }, (_, index) => {
    const path = join(folder, `still${index + 1}.png`);
    writeFileSync(path, drawStill(index, width, height));
    return path;
  });
}

function run(binary, args) {
  const result = spawnSync(binary, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${binary} ${args.join(" ")}\n${result.stderr}`);
}

/**
 * Speech for `shots` shots, three lines each, every line exactly `lineSamples[k]` at 48 kHz
 * mono s16 (padded with silence, or cut: the sentences are chosen to fit).
 */
export function makeSpeech(ffmpeg, folder, lineSamples) {
  const espeak = existsSync(ESPEAK);
  const shots = SENTENCES.map((sentences, shot) =>
    sentences.map((text, line) => {
      const id = `s${shot + 1}l${line + 1}`;
      const audio = join(folder, `${id}.wav`);
      const samples = lineSamples[line];
      const shape = `apad,atrim=end_sample=${samples}`;
      if (espeak) {
        const raw = join(folder, `${id}-raw.wav`);
        run(ESPEAK, ["-v", VOICES[SPEAKERS[line]], "-w", raw, text]);
        run(ffmpeg, [
          "-v",
          "error",
          "-y",
          "-i",
          raw,
          "-af",
          `aresample=48000,${shape}`,
          "-ac",
          "1",
          "-c:a",
          "pcm_s16le",
          audio,
        ]);
      } else {
        // A voice-like stand-in: a tone with noise and a syllable-rate wobble.
        const source = `sine=f=${180 + 40 * line}:r=48000,volume=0.3[s];anoisesrc=r=48000:a=0.05[n];[s][n]amix,tremolo=f=4:d=0.7`;
        run(ffmpeg, [
          "-v",
          "error",
          "-y",
          "-filter_complex",
          `${source},${shape}`,
          "-ac",
          "1",
          "-c:a",
          "pcm_s16le",
          audio,
        ]);
      }
      return { id, speaker: SPEAKERS[line], text, audio, duration: samples / 48_000, words: [] };
    }),
  );
  return { shots, source: espeak ? "espeak-ng" : "sine + noise" };
}

/**
 * One WAV of the whole chapter's speech, as the plan places it (title silence, lines, gaps):
 * the hand-written command's "56 s of speech". Segment = line + silence up to the next start.
 */
export function chapterSpeech(ffmpeg, timeline, output) {
  const lines = timeline.scenes.flatMap((scene) => scene.shots.flatMap((shot) => shot.lines));
  const starts = [...lines.map((line) => line.startSample), timeline.totalSamples];
  const format = "aformat=sample_fmts=s16:sample_rates=48000:channel_layouts=mono";
  const parts = [`anullsrc=r=48000:cl=mono,atrim=end_sample=${starts[0]},${format}[t]`];
  lines.forEach((_, k) => {
    parts.push(
      `[${k}:a]aresample=48000,${format},apad,atrim=end_sample=${starts[k + 1] - starts[k]}[l${k}]`,
    );
  });
  const labels = ["[t]", ...lines.map((_, k) => `[l${k}]`)].join("");
  parts.push(`${labels}concat=n=${lines.length + 1}:v=0:a=1[out]`);
  run(ffmpeg, [
    ...["-v", "error", "-y"],
    ...lines.flatMap((line) => ["-i", line.audio]),
    ...["-filter_complex", parts.join(";"), "-map", "[out]", "-c:a", "pcm_s16le", output],
  ]);
  return output;
}
