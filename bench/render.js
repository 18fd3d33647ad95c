// Render benchmark (issue 7), on the built code (dist/): a chapter of six stills + 56 s of
// speech at 1280×720 (renderProfile("16:9", "standard"): 25 fps, x264 veryfast CRF 23, Ken
// Burns on a ×2 pre-scaled still, 2 s title card; two scenes of three shots), rendered by
// (a) one hand-written ffmpeg command doing the same frames (support/render-hand.js) and
// (b) litink's renderChapter (dist/render/chapter.js), interleaved a, b, a, b…, median of 3.
// Speed = video seconds ÷ wall seconds; target: b ÷ a ≤ 1.2. Then variants of (a), one run
// each: frame rate, x264 preset, zoompan pre-scale, xfade at the scene join, two-pass
// loudnorm, parallel scene encodes. Wall and CPU time both (the machine is shared).
// BENCH_RENDER_QUICK=1: 15 s of scenes, one run of everything (for iterating).
// Prints a table and writes bench/results/render.json.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MOTIONS } from "../dist/providers/local/ken-burns-motion.js";
import { requireTool } from "../dist/render/ffmpeg/locate.js";
import {
  loudnormFilter,
  measureLoudnorm,
  SPEECH_LOUDNESS,
} from "../dist/render/ffmpeg/loudness.js";
import { renderProfile } from "../dist/render/profiles.js";
import { planChapterTimeline } from "../dist/render/timeline.js";
import { checks } from "./support/render-checks.js";
import { handArguments, parallelScenes, timedFfmpeg } from "./support/render-hand.js";
import { measured, median, printTable } from "./support/render-measure.js";
import { chapterSpeech, drawStills, makeSpeech } from "./support/render-media.js";

const here = dirname(fileURLToPath(import.meta.url));
const QUICK = process.env.BENCH_RENDER_QUICK === "1";
const RUNS = QUICK ? 1 : 3;
const SCENE_SECONDS = QUICK ? 15 : 56;
const ffmpeg = requireTool("ffmpeg");
const ffprobe = requireTool("ffprobe");
const profile = renderProfile("16:9", "standard");
const SINGLE_PASS = `loudnorm=I=${SPEECH_LOUDNESS.I}:TP=${SPEECH_LOUDNESS.TP}:LRA=${SPEECH_LOUDNESS.LRA}`;

const folder = mkdtempSync(join(tmpdir(), "litink-render-bench-"));
const loadBefore = loadavg();

// Every shot lasts SCENE_SECONDS / 6 exactly: three lines, two gaps, a tail (samples, 48 kHz).
const shotSamples = (SCENE_SECONDS * 48_000) / 6;
const spokenSamples =
  shotSamples -
  2 * Math.round(profile.gapSeconds * 48_000) -
  Math.round(profile.tailSeconds * 48_000);
const lineSamples = [0, 1, 2].map(
  (k) => Math.floor(spokenSamples / 3) + (k < spokenSamples % 3 ? 1 : 0),
);

const preparing = performance.now();
const stills = drawStills(folder, profile.width, profile.height);
const speech = makeSpeech(ffmpeg, folder, lineSamples);
const input = {
  chapter: 1,
  title: "Down the Rabbit-Hole",
  profile,
  scenes: [0, 1].map((scene) => ({
    id: `scene${scene + 1}`,
    heading: scene === 0 ? "The riverbank" : "The long hall",
    shots: [0, 1, 2].map((shot) => {
      const index = scene * 3 + shot;
      return {
        id: `shot${index + 1}`,
        visual: { kind: "still", path: stills[index], motion: MOTIONS[index % MOTIONS.length] },
        lines: speech.shots[index],
      };
    }),
  })),
};
const planAt = (fps) => planChapterTimeline({ ...input, profile: { ...profile, fps } });
const timeline = planAt(profile.fps);
const chapterWav = chapterSpeech(ffmpeg, timeline, join(folder, "chapter-speech.wav"));
const prepareMs = performance.now() - preparing;

const renderChapter = await loadRenderChapter();

/** dist/render/chapter.js, written in parallel with this bench: null until it is built. */
async function loadRenderChapter() {
  const path = join(here, "../dist/render/chapter.js");
  if (!existsSync(path)) return null;
  return (await import(path)).renderChapter ?? null;
}

function handRun(name, options = {}) {
  const output = join(folder, `${name}.mp4`);
  const plan = options.fps ? planAt(options.fps) : timeline;
  const args = handArguments({
    timeline: plan,
    speech: chapterWav,
    output,
    preset: options.preset ?? profile.preset,
    scale: options.scale ?? profile.kenBurnsScale,
    loudnorm: options.loudnorm ?? SINGLE_PASS,
    xfade: options.xfade ?? false,
  });
  return measured(async () => {
    await timedFfmpeg(ffmpeg, args);
    return { output, plan };
  });
}

function litinkRun(run) {
  const out = join(folder, `litink-${run}`);
  mkdirSync(out, { recursive: true });
  const output = {
    mp4: join(out, "chapter.mp4"),
    srt: join(out, "chapter.srt"),
    vtt: join(out, "chapter.vtt"),
  };
  // Phase ends from its progress shares (chapter.ts PHASES): audio + loudness end at 0.12,
  // the encode at 0.95 (checked at 0.945: slack for a last progress block short of the
  // end), then it checks its own MP4.
  const marks = {};
  const onProgress = (fraction) => {
    for (const [name, share] of [
      ["audio", 0.12],
      ["encode", 0.945],
    ])
      if (fraction >= share && marks[name] === undefined) marks[name] = performance.now();
  };
  return measured(async () => {
    const started = performance.now();
    const result = await renderChapter({
      onProgress,
      timeline,
      output,
      titleCard: { title: timeline.title, subtitle: "Alice's Adventures in Wonderland" },
      burnSubtitles: false,
      music: null,
      ffmpeg,
      ffprobe,
      tempParent: folder,
    });
    const ended = performance.now();
    const phases = {
      audioMs: (marks.audio ?? started) - started,
      encodeMs: (marks.encode ?? ended) - (marks.audio ?? started),
      checksMs: ended - (marks.encode ?? ended),
    };
    return { output: output.mp4, plan: timeline, result, phases };
  });
}

// (a) and (b) interleaved so both see the same load; the median of RUNS each.
const handRuns = [];
const litinkRuns = [];
let litinkError = null;
for (let run = 0; run < RUNS; run += 1) {
  handRuns.push(await handRun(`hand-${run}`));
  if (renderChapter && !litinkError) {
    try {
      litinkRuns.push(await litinkRun(run));
    } catch (error) {
      litinkError = String(error?.message ?? error).slice(0, 2000);
    }
  }
}

function twoPass() {
  const output = join(folder, "two-pass.mp4");
  return measured(async () => {
    const pass1 = await measureLoudnorm(ffmpeg, chapterWav);
    const loudnorm = loudnormFilter(SPEECH_LOUDNESS, pass1);
    const args = handArguments({
      timeline,
      speech: chapterWav,
      output,
      preset: profile.preset,
      scale: profile.kenBurnsScale,
      loudnorm,
    });
    await timedFfmpeg(ffmpeg, args);
    return { output, plan: timeline };
  });
}

function parallel() {
  const output = join(folder, "parallel.mp4");
  const scenes = join(folder, "parallel");
  mkdirSync(scenes, { recursive: true });
  return measured(async () => {
    await parallelScenes({
      binary: ffmpeg,
      timeline,
      speech: chapterWav,
      folder: scenes,
      output,
      preset: profile.preset,
      scale: profile.kenBurnsScale,
      loudnorm: SINGLE_PASS,
    });
    return { output, plan: timeline };
  });
}

const VARIANTS = [
  ["24 fps", { fps: 24 }, () => handRun("fps24", { fps: 24 })],
  ["30 fps", { fps: 30 }, () => handRun("fps30", { fps: 30 })],
  ["superfast", { preset: "superfast" }, () => handRun("superfast", { preset: "superfast" })],
  ["ultrafast", { preset: "ultrafast" }, () => handRun("ultrafast", { preset: "ultrafast" })],
  ["zoompan on the still ×1", { scale: 1 }, () => handRun("scale1", { scale: 1 })],
  [
    "xfade at the scene join (litink on 5.1)",
    { transition: "xfade" },
    () => handRun("xfade", { xfade: true }),
  ],
  ["two-pass loudnorm (measure, then encode)", { loudnorm: "two-pass" }, twoPass],
  ["2 scenes encoded at once, concat -c copy", { parallel: 2 }, parallel],
];
const variants = [];
for (const [name, knobs, run] of VARIANTS) variants.push({ name, knobs, ...(await run()) });

const { described, verificationCosts } = checks({ ffmpeg, ffprobe, profile });

const hand = await described("(a) hand-written command", {}, handRuns);
const last = litinkRuns.at(-1)?.result;
const litink = last
  ? {
      ...(await described("(b) litink renderChapter", { loudnorm: "two-pass" }, litinkRuns)),
      transitions: last.transitions,
      normalization: last.loudness.normalization,
      plannedSeconds: last.plannedSeconds,
      measuredSeconds: last.measuredSeconds,
      reportedMs: litinkRuns.map((run) => Math.round(run.result.ms)),
      phasesMs: Object.fromEntries(
        Object.keys(litinkRuns[0].phases).map((name) => [
          name,
          Math.round(median(litinkRuns.map((run) => run.phases[name]))),
        ]),
      ),
    }
  : null;
const rows = [hand, ...(litink ? [litink] : [])];
for (const variant of variants)
  rows.push(await described(`(a) ${variant.name}`, variant.knobs, [variant]));
const verification = await verificationCosts(handRuns.at(-1).output);
const ratio = litink ? { wall: litink.wallMs / hand.wallMs, cpu: litink.cpuMs / hand.cpuMs } : null;
const loadAfter = loadavg();
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

printTable(rows);
console.log(
  `\n(b) ÷ (a): wall ${ratio ? ratio.wall.toFixed(2) : "n/a"}, CPU ${ratio ? ratio.cpu.toFixed(2) : "n/a"} (target ≤ 1.2)` +
    (renderChapter ? "" : " — dist/render/chapter.js is not built yet: (b) not measured") +
    (litinkError ? `\n(b) failed: ${litinkError}` : "") +
    (litink
      ? `\n(b) says: ${litink.transitions}, loudnorm pass 2 ${litink.normalization}, planned ${litink.plannedSeconds.toFixed(2)} s, measured ${litink.measuredSeconds.toFixed(2)} s; its own timings ${litink.reportedMs.map(seconds).join(", ")}; medians: audio + loudness ${seconds(litink.phasesMs.audioMs)}, title card + encode ${seconds(litink.phasesMs.encodeMs)}, its checks ${seconds(litink.phasesMs.checksMs)}.`
      : "") +
    `\nChecking an MP4 (on (a)'s): counting frames by decoding ${seconds(verification.countFramesMs)}, ffprobe of the container ${seconds(verification.probeMs)}, ebur128 ${seconds(verification.ebur128Ms)}.` +
    `\n${RUNS === 1 ? "One run" : `Median of ${RUNS} interleaved runs`} for (a)${litink ? " and (b)" : ""}; one run per variant (each changes one knob of (a)). Speed = video s ÷ wall s; CPU = ffmpeg children + this process (steadier than wall on a shared machine).` +
    `\nStills: six photo-like landscapes drawn with @napi-rs/canvas (gradients, hills, trees, ±6 grain); speech: ${speech.source}, 18 lines of ${(lineSamples[0] / 48_000).toFixed(2)} s (padded/cut), ${SCENE_SECONDS} s of scenes + ${timeline.titleFrames / profile.fps} s title card.` +
    `\n(a) = one ffmpeg: colour title card + zoompan on each still (its Motion, smoothstep) + concat + single-pass loudnorm on the pre-sequenced chapter WAV + x264 + AAC + faststart; no subtitle track, chapter marks or transition (litink adds those, and two-pass loudnorm and its own checks).` +
    `\nLoad average ${loadBefore.map((value) => value.toFixed(1)).join(" ")} before, ${loadAfter.map((value) => value.toFixed(1)).join(" ")} after, ${cpus().length} cores; preparing the inputs took ${seconds(prepareMs)}.`,
);

// A quick run is for iterating: it leaves the recorded results alone.
if (!QUICK) {
  const results = {
    bench: "render",
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    ffmpeg,
    runs: RUNS,
    speech: speech.source,
    sceneSeconds: SCENE_SECONDS,
    loadBefore,
    loadAfter,
    ratio,
    litinkError,
    hand,
    litink,
    variants: rows.slice(litink ? 2 : 1),
    verification,
  };
  mkdirSync(join(here, "results"), { recursive: true });
  writeFileSync(join(here, "results/render.json"), `${JSON.stringify(results, null, 2)}\n`);
}
rmSync(folder, { recursive: true, force: true });
