import { litinkError } from "../../errors/catalog.js";
import { requireTool } from "./locate.js";
import { readToolOutput } from "./tool-output.js";

export interface ProbeOptions {
  /** The ffprobe to run; default `requireTool("ffprobe", env)`. */
  binary?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export interface ProbedStream {
  index: number;
  /** ffprobe's codec_type: "video", "audio", "subtitle", "data" (the mp4 chapter track). */
  type: string;
  codec: string | null;
  /** Seconds; null when the container does not say. */
  duration: number | null;
  /** Frames the container declares (`nb_frames`), or counted ones (`countVideoFrames`). */
  frames: number | null;
  /** Frames per second (`r_frame_rate`) of a video stream, else null. */
  frameRate: number | null;
  sampleRate: number | null;
}

export interface ProbedChapter {
  start: number;
  end: number;
  title: string | null;
}

export interface MediaProbe {
  /** The container's duration in seconds (the longest stream, edit lists applied). */
  duration: number | null;
  streams: ProbedStream[];
  chapters: ProbedChapter[];
}

/** Streams, container duration and chapter marks of a media file (ffprobe JSON). */
export async function probeMedia(file: string, options: ProbeOptions = {}): Promise<MediaProbe> {
  const args = ["-v", "error", "-of", "json", "-show_format", "-show_streams", "-show_chapters"];
  return parseProbeJson(await probe(file, args, options));
}

/**
 * Decodes the first video stream and counts its frames (`-count_frames`): the video's true
 * length is frames ÷ frameRate, which a test compares to the planned timeline (container
 * durations include AAC priming and edit lists; see DESIGN-render §2.2).
 */
export async function countVideoFrames(
  file: string,
  options: ProbeOptions = {},
): Promise<{ frames: number; frameRate: number; seconds: number }> {
  const args = ["-v", "error", "-of", "json", "-count_frames", "-select_streams", "v:0"];
  const text = await probe(file, [...args, "-show_streams"], options);
  const stream = parseProbeJson(text).streams[0];
  if (!stream?.frames || !stream.frameRate) throw lacking(file, "no video stream with frames");
  return {
    frames: stream.frames,
    frameRate: stream.frameRate,
    seconds: stream.frames / stream.frameRate,
  };
}

/** Seconds of the first audio stream (the container's duration when the stream has none). */
export async function audioDuration(file: string, options: ProbeOptions = {}): Promise<number> {
  const probed = await probeMedia(file, options);
  const seconds =
    probed.streams.find((stream) => stream.type === "audio")?.duration ?? probed.duration;
  if (seconds === null) throw lacking(file, "no audio duration");
  return seconds;
}

function probe(file: string, args: string[], options: ProbeOptions): Promise<string> {
  const binary = options.binary ?? requireTool("ffprobe", options.env);
  return readToolOutput(binary, [...args, file], {
    step: `probing ${file}`,
    signal: options.signal,
  });
}

/** A file that probes fine but lacks what the render needs: a render bug or a damaged input. */
function lacking(file: string, what: string): Error {
  return litinkError("RenderFailed", {
    tool: "ffprobe",
    step: `probing ${file}`,
    exit: what,
    stderrTail: "",
  });
}

type Json = Record<string, unknown>;

/** The part of ffprobe's JSON litink reads; unknown or missing values become null. */
export function parseProbeJson(text: string): MediaProbe {
  const json = JSON.parse(text) as Json;
  const format = (json.format ?? {}) as Json;
  const streams = Array.isArray(json.streams) ? (json.streams as Json[]) : [];
  const chapters = Array.isArray(json.chapters) ? (json.chapters as Json[]) : [];
  return {
    duration: numberOrNull(format.duration),
    streams: streams.map((stream, position) => ({
      index: numberOrNull(stream.index) ?? position,
      type: String(stream.codec_type ?? "unknown"),
      codec: typeof stream.codec_name === "string" ? stream.codec_name : null,
      duration: numberOrNull(stream.duration),
      frames: numberOrNull(stream.nb_read_frames) ?? numberOrNull(stream.nb_frames),
      frameRate: stream.codec_type === "video" ? rate(stream.r_frame_rate) : null,
      sampleRate: numberOrNull(stream.sample_rate),
    })),
    chapters: chapters.map((chapter) => ({
      start: numberOrNull(chapter.start_time) ?? 0,
      end: numberOrNull(chapter.end_time) ?? 0,
      title: titleOf(chapter.tags),
    })),
  };
}

function titleOf(tags: unknown): string | null {
  const title = (tags as Json | undefined)?.title;
  return typeof title === "string" ? title : null;
}

/** ffprobe writes numbers as strings ("2.000000") and "N/A" when unknown. */
function numberOrNull(value: unknown): number | null {
  if (value === undefined || value === null || value === "") return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** "25/1" → 25, "30000/1001" → 29.97…, "0/0" → null. */
function rate(value: unknown): number | null {
  const match = /^(\d+)\/(\d+)$/.exec(String(value));
  if (!match) return numberOrNull(value);
  const denominator = Number(match[2]);
  return denominator > 0 && Number(match[1]) > 0 ? Number(match[1]) / denominator : null;
}
