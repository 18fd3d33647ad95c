import type { ChapterTimeline, PlannedLine } from "./timeline-types.js";

/**
 * The chapter's speech as one filter graph (research §1.3–§1.4), pure: strings in, strings
 * out. Each line becomes one segment "line + silence up to the next line's planned start",
 * and the segments are concatenated. Overlap is impossible by construction (a segment is cut
 * at the next start) and the length is exact to the sample. `adelay` + `amix` is avoided:
 * `amix` rescales its inputs and 4.1's `adelay` has no `all=1`, 4.1's `apad` no `whole_dur`.
 */
export interface SpeechGraph {
  /** Audio files to pass as `-i`, in input order (input i is `inputs[i]`). */
  inputs: string[];
  /** The `-filter_complex` text; its output label is `output`. */
  graph: string;
  output: string;
}

/** A speech segment: one line's audio (or nothing: silence) held for `samples` samples. */
export interface SpeechSegment {
  line: PlannedLine | null;
  samples: number;
}

/**
 * Silence up to the first line, then every line up to the next line's start (the last one
 * up to the chapter's end). Every line is in chapter order: the planner places them so.
 */
export function speechSegments(timeline: ChapterTimeline): SpeechSegment[] {
  const lines = timeline.scenes.flatMap((scene) => scene.shots.flatMap((shot) => shot.lines));
  const segments: SpeechSegment[] = [];
  const first = lines[0]?.startSample ?? timeline.totalSamples;
  if (first > 0) segments.push({ line: null, samples: first });
  lines.forEach((line, index) => {
    const next = lines[index + 1]?.startSample ?? timeline.totalSamples;
    if (next < line.startSample)
      throw new Error(`line ${line.id} starts after the next one: the plan is out of order`);
    if (next > line.startSample) segments.push({ line, samples: next - line.startSample });
  });
  return segments;
}

/** Mono float at the profile's rate: the one format every part of the graph agrees on. */
function monoFloat(sampleRate: number): string {
  // flt, not s16: 4.1's sidechaincompress cannot negotiate formats with s16 inputs.
  return `aformat=sample_fmts=flt:sample_rates=${sampleRate}:channel_layouts=mono`;
}

/** The speech track's graph: segments concatenated into `[speech]`. */
export function speechGraph(timeline: ChapterTimeline, output = "speech"): SpeechGraph {
  const rate = timeline.profile.sampleRate;
  const format = monoFloat(rate);
  const inputs: string[] = [];
  const chains: string[] = [];
  const labels: string[] = [];
  speechSegments(timeline).forEach((segment, index) => {
    const label = `a${index}`;
    labels.push(`[${label}]`);
    if (segment.line === null) {
      // A source filter, no input needed: the title card and any silent stretch.
      chains.push(
        `anullsrc=r=${rate}:cl=mono,${format},atrim=end_sample=${segment.samples}[${label}]`,
      );
      return;
    }
    const input = inputs.push(segment.line.audio) - 1;
    // apad makes the line endless; atrim cuts it at the next line's start, to the sample.
    chains.push(
      `[${input}:a]aresample=${rate},${format},apad,atrim=end_sample=${segment.samples}[${label}]`,
    );
  });
  if (labels.length === 0)
    throw new Error(`chapter ${timeline.chapter} has no samples to render (an empty timeline)`);
  chains.push(`${labels.join("")}concat=n=${labels.length}:v=0:a=1,${format}[${output}]`);
  return { inputs, graph: chains.join(";\n"), output };
}

/**
 * A music bed under the speech (research §1.4): looped by `-stream_loop -1` on its input,
 * cut to the chapter, ducked by the speech through `sidechaincompress`. `amix` halves both
 * levels; harmless, because loudnorm sets the final level afterwards.
 */
export function musicBedGraph(
  timeline: ChapterTimeline,
  speechLabel: string,
  musicInput: number,
  output = "mixed",
): string {
  const rate = timeline.profile.sampleRate;
  const format = monoFloat(rate);
  return [
    `[${speechLabel}]asplit=2[voice][key]`,
    `[${musicInput}:a]aresample=${rate},${format},atrim=end_sample=${timeline.totalSamples},volume=0.3[bed]`,
    "[bed][key]sidechaincompress=threshold=0.02:ratio=10:attack=15:release=350[ducked]",
    // duration=first: the speech track is exactly the chapter's length; the bed may be shorter.
    `[voice][ducked]amix=inputs=2:duration=first,${format}[${output}]`,
  ].join(";\n");
}

/** The arguments that write the (unnormalised) chapter audio as 48 kHz mono PCM WAV. */
export function chapterAudioArguments(
  timeline: ChapterTimeline,
  music: string | null,
  output: string,
): string[] {
  const speech = speechGraph(timeline);
  const inputs = speech.inputs.flatMap((file) => ["-i", file]);
  let graph = speech.graph;
  let label = speech.output;
  if (music !== null) {
    inputs.push("-stream_loop", "-1", "-i", music);
    graph += `;\n${musicBedGraph(timeline, label, speech.inputs.length)}`;
    label = "mixed";
  }
  return [
    "-y",
    ...inputs,
    ...["-filter_complex", graph, "-map", `[${label}]`],
    ...["-c:a", "pcm_s16le", "-ar", String(timeline.profile.sampleRate), "-ac", "1", output],
  ];
}
