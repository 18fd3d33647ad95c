import { stableHash } from "./stable-hash.js";

/**
 * Ken Burns moves as data: a zoom and a centre (fractions of the image) at the start and end.
 * Every move keeps the visible window inside the picture at every frame, so no black edges.
 */
export interface Motion {
  name: string;
  zoomFrom: number;
  zoomTo: number;
  centerFrom: [number, number];
  centerTo: [number, number];
}

export const MOTIONS: readonly Motion[] = [
  { name: "push-in", zoomFrom: 1, zoomTo: 1.2, centerFrom: [0.5, 0.5], centerTo: [0.5, 0.5] },
  { name: "pull-out", zoomFrom: 1.2, zoomTo: 1, centerFrom: [0.5, 0.5], centerTo: [0.5, 0.5] },
  {
    name: "push-in-left",
    zoomFrom: 1,
    zoomTo: 1.25,
    centerFrom: [0.5, 0.5],
    centerTo: [0.42, 0.44],
  },
  {
    name: "push-in-right",
    zoomFrom: 1,
    zoomTo: 1.25,
    centerFrom: [0.5, 0.5],
    centerTo: [0.58, 0.44],
  },
  {
    name: "pan-right",
    zoomFrom: 1.15,
    zoomTo: 1.15,
    centerFrom: [0.44, 0.5],
    centerTo: [0.56, 0.5],
  },
  {
    name: "pan-left",
    zoomFrom: 1.15,
    zoomTo: 1.15,
    centerFrom: [0.56, 0.5],
    centerTo: [0.44, 0.5],
  },
  { name: "tilt-up", zoomFrom: 1.15, zoomTo: 1.15, centerFrom: [0.5, 0.56], centerTo: [0.5, 0.44] },
];

const PROMPT_MOVES: Array<[RegExp, string]> = [
  [/\b(pull|zoom)(s|ing)?\s+(out|back)\b/i, "pull-out"],
  [/\bpan(s|ning)?\s+(to\s+the\s+)?left\b/i, "pan-left"],
  [/\bpan(s|ning)?\s+(to\s+the\s+)?right\b/i, "pan-right"],
  [/\btilt(s|ing)?\s+up\b/i, "tilt-up"],
  [/\b(push|zoom|dolly)(es|s|ing)?\s+in\b/i, "push-in"],
];

/** A move the prompt names ("slow pan left"), else one chosen from the seed or prompt hash. */
export function chooseMotion(prompt: string, seed?: number): Motion {
  const named = PROMPT_MOVES.find(([pattern]) => pattern.test(prompt))?.[1];
  const byName = MOTIONS.find((motion) => motion.name === named);
  if (byName) return byName;
  const key =
    seed !== undefined && Number.isFinite(seed) ? Math.abs(Math.trunc(seed)) : stableHash(prompt);
  return MOTIONS[key % MOTIONS.length] ?? (MOTIONS[0] as Motion);
}

export interface KenBurnsJob {
  inputPath: string;
  outputPath: string;
  width: number;
  height: number;
  fps: number;
  frames: number;
  motion: Motion;
}

/**
 * Supersampling factor: zoompan moves its window in whole input pixels, so the still is
 * first scaled to this many times the output size to make the motion smooth, not jittery.
 */
const SUPERSAMPLE = 3;

/** ffmpeg arguments: one still in, `frames` frames of H.264/yuv420p out. */
export function kenBurnsArguments(job: KenBurnsJob): string[] {
  const { motion, width, height } = job;
  const last = Math.max(1, job.frames - 1);
  const eased = `(3-2*on/${last})*(on/${last})*(on/${last})`; // smoothstep
  const zoom = `(${motion.zoomFrom}+${motion.zoomTo - motion.zoomFrom}*${eased})`;
  const centre = (axis: 0 | 1): string =>
    `(${motion.centerFrom[axis]}+${motion.centerTo[axis] - motion.centerFrom[axis]}*${eased})`;
  const bigWidth = width * SUPERSAMPLE;
  const bigHeight = height * SUPERSAMPLE;
  const filter = [
    `scale=${bigWidth}:${bigHeight}:force_original_aspect_ratio=increase:flags=lanczos`,
    `crop=${bigWidth}:${bigHeight}`,
    "setsar=1",
    `zoompan=z='${zoom}'` +
      `:x='clip(${centre(0)}*iw-iw/${zoom}/2,0,iw-iw/${zoom})'` +
      `:y='clip(${centre(1)}*ih-ih/${zoom}/2,0,ih-ih/${zoom})'` +
      `:d=${job.frames}:s=${width}x${height}:fps=${job.fps}`,
    "format=yuv420p",
  ].join(",");
  return [
    ...["-hide_banner", "-nostdin", "-loglevel", "error", "-y"],
    ...["-i", job.inputPath],
    ...["-vf", filter],
    ...["-frames:v", String(job.frames), "-r", String(job.fps), "-an"],
    ...["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p"],
    ...["-movflags", "+faststart", job.outputPath],
  ];
}
