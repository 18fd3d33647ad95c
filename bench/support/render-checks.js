// Untimed facts about each bench output (frames against the plan, loudness, size) and what
// checking a finished MP4 costs: litink's render checks its own output, the hand command not.
import { statSync } from "node:fs";
import { measureEbur128 } from "../../dist/render/ffmpeg/loudness.js";
import { countVideoFrames, probeMedia } from "../../dist/render/ffmpeg/probe.js";
import { measured, median } from "./render-measure.js";

export function checks({ ffmpeg, ffprobe, profile }) {
  /** Untimed checks of an output: frames (container count) against the plan, loudness, size. */
  async function described(name, knobs, runs) {
    const { output, plan } = runs.at(-1);
    const probed = await probeMedia(output, { binary: ffprobe });
    const video = probed.streams.find((stream) => stream.type === "video");
    const loudness = await measureEbur128(ffmpeg, output);
    const wallMs = median(runs.map((run) => run.ms));
    const settings = {
      fps: plan.profile.fps,
      preset: profile.preset,
      scale: profile.kenBurnsScale,
      loudnorm: "single-pass",
      ...knobs,
    };
    const videoSeconds = video.frames / plan.profile.fps;
    return {
      name,
      ...settings,
      runsMs: runs.map((run) => Math.round(run.ms)),
      runsCpuMs: runs.map((run) => Math.round(run.cpuMs)),
      wallMs: Math.round(wallMs),
      cpuMs: Math.round(median(runs.map((run) => run.cpuMs))),
      plannedFrames: plan.totalFrames,
      frames: video.frames,
      videoSeconds,
      speed: videoSeconds / (wallMs / 1000),
      integratedLufs: loudness.integrated,
      truePeakDbtp: loudness.truePeak,
      megabytes: statSync(output).size / 1e6,
    };
  }

  /** What checking a finished MP4 costs (litink's render checks its own output). */
  async function verificationCosts(file) {
    const decode = await measured(() => countVideoFrames(file, { binary: ffprobe }));
    const container = await measured(() => probeMedia(file, { binary: ffprobe }));
    const loudness = await measured(() => measureEbur128(ffmpeg, file));
    return {
      countFramesMs: Math.round(decode.ms),
      probeMs: Math.round(container.ms),
      ebur128Ms: Math.round(loudness.ms),
    };
  }
  return { described, verificationCosts };
}
