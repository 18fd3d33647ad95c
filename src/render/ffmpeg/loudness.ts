import { rm } from "node:fs/promises";
import { runFfmpeg } from "./run.js";

/** EBU R128 targets, named as loudnorm names them: integrated LUFS, true peak dBTP, range LU. */
export interface LoudnessTarget {
  I: number;
  TP: number;
  LRA: number;
}

/** Issue 7: −16 LUFS integrated, true peak ≤ −1.5 dBTP (speech for phones and the web). */
export const SPEECH_LOUDNESS: LoudnessTarget = { I: -16, TP: -1.5, LRA: 11 };

/** loudnorm's JSON report (pass 1 measures the input; pass 2 also says how it normalised). */
export interface LoudnormMeasurement {
  inputI: number;
  inputTp: number;
  inputLra: number;
  inputThresh: number;
  targetOffset: number;
  /** "linear" or "dynamic" (pass 2 falls back to dynamic when linear gain would break TP). */
  normalizationType: string;
}

/** ebur128's closing summary of a whole file. */
export interface LoudnessSummary {
  /** Integrated loudness, LUFS. */
  integrated: number;
  /** Loudness range, LU. */
  range: number;
  /** True peak, dBTP; null when `peak=true` was not measured. */
  truePeak: number | null;
}

interface MeasureOptions {
  signal?: AbortSignal;
  /** Which audio stream to read, default the first ("0:a:0"). */
  stream?: string;
}

/** Pass 1: loudnorm measures the input and prints its JSON report at the end of stderr. */
export async function measureLoudnorm(
  binary: string,
  input: string,
  options: MeasureOptions & { target?: LoudnessTarget } = {},
): Promise<LoudnormMeasurement> {
  const { I, TP, LRA } = options.target ?? SPEECH_LOUDNESS;
  // loudnorm's input measurement over-weights the last ~3 s (its look-ahead buffer): 0.7 LU
  // too loud on an 8 s tone whose second half is louder, on 4.1 and 5.1. Three seconds of
  // digital silence, below the −70 LUFS gate, flush that buffer without changing I, LRA or TP
  // (pass 1 then agrees with ebur128 to 0.03 LU).
  const measure = `aresample=48000,apad=pad_len=144000,loudnorm=I=${I}:TP=${TP}:LRA=${LRA}:print_format=json`;
  const { stderrLines } = await runFfmpeg(
    ["-i", input, "-map", options.stream ?? "0:a:0"].concat(["-af", measure, "-f", "null", "-"]),
    { binary, signal: options.signal, step: `measuring the loudness of ${input}` },
  );
  return parseLoudnormJson(stderrLines);
}

/**
 * Pass 2's filter: linear gain from pass 1's numbers, then back to 48 kHz (loudnorm works at
 * 192 kHz internally), mono or stereo. A silent input (−inf) has nothing to normalise: it is
 * only resampled.
 */
export function loudnormFilter(
  target: LoudnessTarget,
  measured: LoudnormMeasurement,
  sampleRate = 48_000,
): string {
  // The aformat pins the layout: a WAV without a channel mask (as 4.1 writes) otherwise fails
  // "Cannot select channel layout for the link between filters Parsed_aresample…" on 4.1 and 5.1.
  const resample = `aresample=${sampleRate},aformat=sample_rates=${sampleRate}:channel_layouts=mono|stereo`;
  if (!Number.isFinite(measured.inputI) || measured.inputI < -70) return resample;
  // Values outside loudnorm's option ranges would make ffmpeg refuse the whole graph.
  const parts = [
    `I=${target.I}`,
    `TP=${target.TP}`,
    `LRA=${target.LRA}`,
    `measured_I=${clamp(measured.inputI, -99, 0)}`,
    `measured_TP=${clamp(measured.inputTp, -99, 99)}`,
    // loudnorm treats measured_LRA=0 as "not measured" and silently goes dynamic; a steady
    // signal really has LRA 0, which is within any target, so 0.1 keeps the linear gain.
    `measured_LRA=${clamp(Math.max(measured.inputLra, 0.1), 0, 99)}`,
    `measured_thresh=${clamp(measured.inputThresh, -99, 0)}`,
    `offset=${clamp(measured.targetOffset, -99, 99)}`,
    "linear=true",
    "print_format=json",
  ];
  return `loudnorm=${parts.join(":")},${resample}`;
}

/**
 * Both passes on an audio file, written as 48 kHz PCM WAV. Returns pass 1's measurement and
 * pass 2's report (check `normalizationType`: "dynamic" is acceptable, worth a report note).
 */
export async function normalizeLoudness(
  binary: string,
  input: string,
  output: string,
  options: { target?: LoudnessTarget; signal?: AbortSignal } = {},
): Promise<{ measured: LoudnormMeasurement; applied: LoudnormMeasurement | null }> {
  const target = options.target ?? SPEECH_LOUDNESS;
  // The WAV aims below the peak limit: AAC and the true-peak meter add up to ~1 dB (measured
  // on eSpeak chapters: −1.5 dBTP in the WAV read −0.6 dBTP in the MP4).
  const aim = { ...target, TP: target.TP - PEAK_HEADROOM_DB };
  const measured = await measureLoudnorm(binary, input, { ...options, target: aim });
  const limited = await limitPeaks(binary, input, output, measured, aim, options.signal);
  const source = limited?.file ?? input;
  const filter = loudnormFilter(aim, limited?.measured ?? measured);
  try {
    const { stderrLines } = await runFfmpeg(
      ["-y", "-i", source, "-map", "0:a:0", "-af", filter, "-c:a", "pcm_s16le", output],
      { binary, signal: options.signal, step: `normalising the loudness of ${input}` },
    );
    return {
      measured,
      applied: filter.startsWith("loudnorm") ? parseLoudnormJson(stderrLines) : null,
    };
  } finally {
    if (limited) await rm(limited.file, { force: true });
  }
}

const PEAK_HEADROOM_DB = 1;
/** How far below the aimed peak the limiter holds the peaks (loudness drops as it limits). */
const LIMIT_MARGIN_DB = 4;

/**
 * Speech whose peaks the loudness gain would push past the limit (eSpeak: −21 LUFS with
 * −1.7 dBTP peaks) makes loudnorm fall back to its dynamic mode, which misses both targets.
 * A limiter first (on 4× oversampled audio, close to true peak) lowers the peaks so the gain
 * stays linear; the limited copy is measured again. Null when no limiting is needed.
 */
async function limitPeaks(
  binary: string,
  input: string,
  output: string,
  measured: LoudnormMeasurement,
  aim: LoudnessTarget,
  signal: AbortSignal | undefined,
): Promise<{ file: string; measured: LoudnormMeasurement } | null> {
  const excess = (at: LoudnormMeasurement) => at.inputTp + (aim.I - at.inputI) - aim.TP;
  if (!Number.isFinite(measured.inputI) || !Number.isFinite(measured.inputTp)) return null;
  if (excess(measured) <= 0) return null;
  const file = `${output}.limited.wav`;
  // Limiting lowers the loudness too (so the gain grows): lower the ceiling until the peaks
  // fit, a few rounds at most. alimiter takes 0.0625 (−24 dB) at the lowest.
  let ceilingDb = measured.inputTp - excess(measured) - LIMIT_MARGIN_DB;
  let current = measured;
  for (let round = 0; round < 3 && excess(current) > 0; round++) {
    ceilingDb = Math.max(-24, Math.min(0, ceilingDb));
    const limiter = `aresample=192000,alimiter=limit=${(10 ** (ceilingDb / 20)).toFixed(4)}:level=false:attack=5:release=50,aresample=48000`;
    await runFfmpeg(
      ["-y", "-i", input, "-map", "0:a:0", "-af", limiter, "-c:a", "pcm_f32le", file],
      {
        binary,
        signal,
        step: `limiting the peaks of ${input}`,
      },
    );
    current = await measureLoudnorm(binary, file, { signal, target: aim });
    ceilingDb -= excess(current) + 1;
  }
  return { file, measured: current };
}

/** The last `{ … }` block of loudnorm's stderr. */
export function parseLoudnormJson(stderr: string): LoudnormMeasurement {
  const end = stderr.lastIndexOf("}");
  const start = stderr.lastIndexOf("{", end);
  if (start < 0 || end < 0) throw new Error("loudnorm printed no JSON report");
  const json = JSON.parse(stderr.slice(start, end + 1)) as Record<string, string>;
  return {
    inputI: decibels(json.input_i),
    inputTp: decibels(json.input_tp),
    inputLra: decibels(json.input_lra),
    inputThresh: decibels(json.input_thresh),
    targetOffset: decibels(json.target_offset),
    normalizationType: json.normalization_type ?? "unknown",
  };
}

/** Measures a finished file the way the tests and report.json do (ebur128, true peak on). */
export async function measureEbur128(
  binary: string,
  file: string,
  options: MeasureOptions = {},
): Promise<LoudnessSummary> {
  // framelog=verbose keeps the ten-a-second progress lines out of the default log level.
  const { stderrLines } = await runFfmpeg(
    ["-i", file, "-map", options.stream ?? "0:a:0"].concat([
      "-af",
      "ebur128=peak=true:framelog=verbose",
      "-f",
      "null",
      "-",
    ]),
    { binary, signal: options.signal, step: `measuring the loudness of ${file}` },
  );
  return parseEbur128Summary(stderrLines);
}

/** The `Summary:` block: "I: -16.0 LUFS", "LRA: 3.2 LU", "Peak: -3.5 dBFS" (true peak). */
export function parseEbur128Summary(stderr: string): LoudnessSummary {
  const summary = stderr.slice(stderr.lastIndexOf("Summary:"));
  const integrated = /\bI:\s*(-?[\d.]+|-inf)\s*LUFS/.exec(summary)?.[1];
  const range = /\bLRA:\s*(-?[\d.]+)\s*LU\b/.exec(summary)?.[1];
  const peak = /True peak:\s*Peak:\s*(-?[\d.]+|-inf)\s*dBFS/.exec(summary)?.[1];
  if (!stderr.includes("Summary:") || integrated === undefined || range === undefined)
    throw new Error("ebur128 printed no summary");
  return {
    integrated: decibels(integrated),
    range: Number(range),
    truePeak: peak === undefined ? null : decibels(peak),
  };
}

/** "-inf" (silence) is a real answer, not a parse error. */
function decibels(value: string | undefined): number {
  if (value === undefined) return Number.NaN;
  const trimmed = value.trim();
  if (trimmed === "-inf") return Number.NEGATIVE_INFINITY;
  if (trimmed === "inf") return Number.POSITIVE_INFINITY;
  return Number(trimmed);
}

function clamp(value: number, low: number, high: number): number {
  if (Number.isNaN(value)) return low;
  return Math.min(high, Math.max(low, value));
}
