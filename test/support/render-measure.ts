import { spawnSync } from "node:child_process";
import { type LoudnessSummary, measureEbur128 } from "../../src/render/ffmpeg/loudness.js";
import { countVideoFrames, type ProbedChapter, probeMedia } from "../../src/render/ffmpeg/probe.js";
import { runFfmpeg } from "../../src/render/ffmpeg/run.js";
import { locateTool } from "../../src/system/executables.js";

/**
 * What the render e2e tests measure on a finished MP4, always with the ffmpeg/ffprobe the
 * render itself used (LITINK_FFMPEG / LITINK_FFPROBE, else PATH, else the npm-shipped build),
 * so one test file checks both the system build and the 2018 npm one.
 */

export interface RenderTools {
  ffmpeg: string;
  ffprobe: string;
}

/** The tools, or null when either is missing (the caller skips, or fails under CI). */
export function renderTools(env: NodeJS.ProcessEnv = process.env): RenderTools | null {
  const ffmpeg = locateTool("ffmpeg", env)?.path;
  const ffprobe = locateTool("ffprobe", env)?.path;
  return ffmpeg && ffprobe ? { ffmpeg, ffprobe } : null;
}

/**
 * The environment of a `litink generate` child: its own LITINK_HOME, and LITINK_FFMPEG /
 * LITINK_FFPROBE passed through, because CI runs the render tests again against the
 * npm-shipped build through them.
 */
export function renderEnv(home: string): Record<string, string> {
  const env: Record<string, string> = { LITINK_HOME: home };
  for (const name of ["LITINK_FFMPEG", "LITINK_FFPROBE"] as const) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}

/** The video stream's true length: decoded frames ÷ frame rate (not the container's duration). */
export async function videoStreamSeconds(tools: RenderTools, mp4: string): Promise<number> {
  return (await countVideoFrames(mp4, { binary: tools.ffprobe })).seconds;
}

/** ebur128 over the MP4's first audio stream, true peak on. */
export function loudnessOf(tools: RenderTools, mp4: string): Promise<LoudnessSummary> {
  return measureEbur128(tools.ffmpeg, mp4);
}

export function chapterMarks(tools: RenderTools, mp4: string): Promise<ProbedChapter[]> {
  return probeMedia(mp4, { binary: tools.ffprobe }).then((probed) => probed.chapters);
}

/**
 * Stretches of the MP4's audio below -50 dBFS for at least `minimum` seconds (silencedetect).
 * A silence still open at the end of the file ends at infinity.
 */
export async function silences(
  tools: RenderTools,
  mp4: string,
  minimum: number,
): Promise<Array<{ start: number; end: number }>> {
  const { stderrLines } = await runFfmpeg(
    ["-i", mp4, "-map", "0:a:0", "-af", `silencedetect=n=-50dB:d=${minimum}`, "-f", "null", "-"],
    { binary: tools.ffmpeg, step: `finding silences in ${mp4}`, keepLines: 100_000 },
  );
  const found: Array<{ start: number; end: number }> = [];
  for (const match of stderrLines.matchAll(/silence_(start|end): (-?[\d.]+)/g)) {
    const value = Number(match[2]);
    if (match[1] === "start") found.push({ start: value, end: Number.POSITIVE_INFINITY });
    else if (found.length > 0) (found[found.length - 1] as { end: number }).end = value;
  }
  return found;
}

/**
 * Decodes every video and audio frame with errors fatal (`-xerror`): a playable file exits 0
 * and prints nothing at `-v error`.
 */
export function decodeFully(
  tools: RenderTools,
  mp4: string,
): { status: number | null; stderr: string } {
  const result = spawnSync(
    tools.ffmpeg,
    ["-v", "error", "-xerror", "-i", mp4, "-map", "0:v", "-map", "0:a", "-f", "null", "-"],
    { encoding: "utf8" },
  );
  return { status: result.status, stderr: result.stderr };
}

/** ffprobe's JSON as the render e2e tests read it: stream codecs and durations, chapter marks. */
export interface Probe {
  streams: Array<{ codec_name: string; codec_type: string; duration?: string }>;
  chapters: Array<{ start_time: string; tags?: { title?: string } }>;
}

/** Synchronous on purpose: assertions read it inline, and a probe takes milliseconds. */
export function probeJson(ffprobe: string, file: string): Probe {
  const result = spawnSync(
    ffprobe,
    ["-v", "error", "-show_streams", "-show_chapters", "-of", "json", file],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`ffprobe failed on ${file}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Probe;
}
