import type { Motion } from "../providers/local/ken-burns-motion.js";
import { subtitlesFilter } from "./chapter-burn-in.js";
import type { ChapterTimeline, PlannedShot, RenderProfile } from "./timeline-types.js";

/**
 * The chapter's picture as one filter graph (research §1.1, §2.2), pure: the timeline in,
 * `-i` inputs and `-filter_complex` text out. Title card, then every scene's shots (stills
 * moved by zoompan, provider clips decoded once, scaled, cut or held to their frames),
 * scenes joined at their starts by `xfade` or by fade-through-black. Both keep the total
 * exactly Σ parts: xfade blends the earlier segment's held end into the later one's first
 * frames (rendered apart, see videoGraph), fades darken frames already planned.
 */
export type TransitionKind = "xfade" | "fade-through-black";

export interface VideoGraphOptions {
  transition: TransitionKind;
  /** The title card PNG (input 0), or null for a chapter without one. */
  titleCard: string | null;
  /** A subtitle file name to burn in (relative to ffmpeg's cwd), or null. */
  burnSubtitles: string | null;
}

export interface VideoGraph {
  /** One argument group per input (`["-i", file]`), input i = `inputs[i]`. */
  inputs: string[][];
  graph: string;
  /** The graph's output label, without brackets. */
  output: string;
}

/** A number for a filter expression: no float noise ("0.19999999999999996" → "0.2"). */
export function expressionNumber(value: number): string {
  return String(Number(value.toFixed(6)));
}

/** Frames of a transition the segment lengths allow (a fade cannot outlast a segment). */
export function transitionFrames(timeline: ChapterTimeline): number {
  const lengths = [timeline.titleFrames, ...timeline.scenes.map((scene) => scene.frames)];
  return Math.max(
    0,
    Math.min(timeline.transitionFrames, ...lengths.filter((frames) => frames > 0)),
  );
}

/**
 * zoompan on a still (research §1.1): scaled ×kenBurnsScale first so the window moves in
 * sub-output pixels, eased with smoothstep over `frames`, then the end pose is held for
 * `hold` more frames (`tpad` after zoompan adds nothing on 5.1, so `d` grows instead).
 * `skip` starts the move that many frames in, so a shot can be rendered in pieces.
 */
export function kenBurnsChain(
  input: number,
  motion: Motion,
  frames: number,
  hold: number,
  profile: RenderProfile,
  skip = 0,
): string {
  const { width, height, fps, kenBurnsScale } = profile;
  const last = Math.max(1, frames - 1);
  const on = `min(${skip > 0 ? `on+${skip}` : "on"},${last})`;
  const ease = `(3-2*${on}/${last})*(${on}/${last})*(${on}/${last})`;
  const step = (from: number, to: number) =>
    `(${expressionNumber(from)}+${expressionNumber(to - from)}*${ease})`;
  const zoom = step(motion.zoomFrom, motion.zoomTo);
  const centre = (axis: 0 | 1) => step(motion.centerFrom[axis], motion.centerTo[axis]);
  const [bigWidth, bigHeight] = [width * kenBurnsScale, height * kenBurnsScale];
  return [
    `[${input}:v]scale=${bigWidth}:${bigHeight}:force_original_aspect_ratio=increase`,
    `crop=${bigWidth}:${bigHeight}`,
    "setsar=1",
    `zoompan=z='${zoom}'` +
      `:x='clip(${centre(0)}*iw-iw/${zoom}/2,0,iw-iw/${zoom})'` +
      `:y='clip(${centre(1)}*ih-ih/${zoom}/2,0,ih-ih/${zoom})'` +
      `:d=${frames + hold - skip}:s=${width}x${height}:fps=${fps}`,
    ...timebase(profile),
  ].join(",");
}

/**
 * A provider clip decoded once: scaled and cropped to the frame, resampled to the profile's
 * rate, cut at `frames + hold` or, when speech runs longer than the clip, its last frame held.
 */
export function clipChain(
  input: number,
  frames: number,
  hold: number,
  profile: RenderProfile,
  skip = 0,
): string {
  const { width, height, fps } = profile;
  const total = frames + hold;
  return [
    `[${input}:v]setpts=PTS-STARTPTS`,
    `scale=${width}:${height}:force_original_aspect_ratio=increase`,
    `crop=${width}:${height}`,
    "setsar=1",
    `fps=${fps}`,
    `trim=end_frame=${total}`,
    // tpad on a decoded stream works on both builds (it is after zoompan that it does not).
    `tpad=stop_mode=clone:stop=${total}`,
    `trim=${skip > 0 ? `start_frame=${skip}:` : ""}end_frame=${total}`,
    ...timebase(profile),
  ].join(",");
}

/** The title card PNG held for its frames (zoompan at z=1: one frame in, `d` frames out). */
export function titleChain(
  input: number,
  frames: number,
  hold: number,
  profile: RenderProfile,
  skip = 0,
) {
  const { width, height, fps } = profile;
  return [
    `[${input}:v]scale=${width}:${height}:force_original_aspect_ratio=increase`,
    `crop=${width}:${height}`,
    "setsar=1",
    `zoompan=z=1:x=0:y=0:d=${frames + hold - skip}:s=${width}x${height}:fps=${fps}`,
    ...timebase(profile),
  ].join(",");
}

/** `-i` for a visual; a still's `%` would make the image2 demuxer read it as a sequence. */
export function inputArguments(kind: "still" | "clip", path: string): string[] {
  return kind === "still" && path.includes("%")
    ? ["-pattern_type", "none", "-i", path]
    : ["-i", path];
}

/** xfade needs equal timebases on both inputs ("main timebase do not match" otherwise). */
function timebase(profile: RenderProfile): string[] {
  return ["format=yuv420p", `settb=1/${profile.fps}`, "setpts=PTS-STARTPTS"];
}

/** One visual of a segment: the title card or a shot, `frames` long in the plan. */
interface Part {
  /** `-i` for a piece ending at the part's frame `until`. */
  input: (until: number) => string[];
  frames: number;
  chain: (input: number, frames: number, hold: number, skip: number) => string;
}

interface Segment {
  name: string;
  frames: number;
  parts: Part[];
}

function shotPart(shot: PlannedShot, profile: RenderProfile): Part {
  const { visual } = shot;
  return {
    // A clip is read only as far as the piece needs (+1 s for the fps filter's rounding):
    // an overlap's head would otherwise decode the whole clip for a few frames.
    input: (until) =>
      visual.kind === "clip"
        ? ["-t", expressionNumber(until / profile.fps + 1), "-i", visual.path]
        : inputArguments(visual.kind, visual.path),
    frames: shot.frames,
    chain: (input, frames, hold, skip) =>
      visual.kind === "still"
        ? kenBurnsChain(input, visual.motion, frames, hold, profile, skip)
        : clipChain(input, frames, hold, profile, skip),
  };
}

/**
 * The whole picture: inputs and graph, its output label `[video]`. With xfade, only the
 * overlaps are blended (a whole-stream xfade costs CPU on every frame it passes): each join
 * is its own short xfade of the earlier segment's held end (D + 2 frames; 5.1 ends early when
 * the first input ends exactly at offset + D) with the later one's first D + 2 frames, cut to
 * D, and concatenated between the bodies: [0, f₀) · overlap · [D, f₁) · overlap · … = Σ fᵢ.
 * Every piece is rendered from its own `-i`, never split off a long stream (5.1 stalls).
 */
export function videoGraph(timeline: ChapterTimeline, options: VideoGraphOptions): VideoGraph {
  const { profile } = timeline;
  const blend = transitionFrames(timeline);
  const inputs: string[][] = [];
  const chains: string[] = [];
  const segments: Segment[] = [];
  if (options.titleCard !== null && timeline.titleFrames > 0) {
    const path = options.titleCard;
    segments.push({
      name: "title",
      frames: timeline.titleFrames,
      parts: [
        {
          input: () => ["-i", path],
          frames: timeline.titleFrames,
          chain: (input, frames, hold, skip) => titleChain(input, frames, hold, profile, skip),
        },
      ],
    });
  }
  for (const [index, scene] of timeline.scenes.entries())
    segments.push({
      name: `scene${index}`,
      frames: scene.frames,
      parts: scene.shots.map((shot) => shotPart(shot, profile)),
    });
  if (segments.length === 0) throw new Error(`chapter ${timeline.chapter} has nothing to show`);

  /** Frames [from, to) of a segment as one label; past its end, its last part's end held. */
  const range = (segment: Segment, from: number, to: number, label: string): string | null => {
    const pieces: string[] = [];
    let start = 0;
    for (const [index, part] of segment.parts.entries()) {
      const end =
        index === segment.parts.length - 1 ? Number.POSITIVE_INFINITY : start + part.frames;
      const [low, high] = [Math.max(from, start), Math.min(to, end)];
      if (high > low) {
        // Negative when the piece ends inside the part: frames past `high` are not rendered.
        const hold = high - start - part.frames;
        const input = inputs.push(part.input(high - start)) - 1;
        pieces.push(`${label}p${index}`);
        chains.push(
          `${part.chain(input, part.frames, hold, low - start)}${bracket(pieces.at(-1))}`,
        );
      }
      start += part.frames;
    }
    if (pieces.length === 0) return null;
    if (pieces.length === 1) return pieces[0] ?? null;
    chains.push(
      `${pieces.map(bracket).join("")}concat=n=${pieces.length}:v=1:a=0,${timebase(profile).join(",")}[${label}]`,
    );
    return label;
  };

  const joinedPieces: string[] = [];
  if (options.transition === "xfade" && blend > 0 && segments.length > 1) {
    const seconds = expressionNumber(blend / profile.fps);
    segments.forEach((segment, index) => {
      const body = range(segment, index > 0 ? blend : 0, segment.frames, `body${index}`);
      if (body !== null) joinedPieces.push(body);
      const next = segments[index + 1];
      if (next === undefined) return;
      const tail = range(segment, segment.frames, segment.frames + blend + 2, `tail${index}`);
      const head = range(next, 0, blend + 2, `head${index + 1}`);
      chains.push(
        `${bracket(tail)}${bracket(head)}xfade=transition=fade:duration=${seconds}:offset=0,` +
          `trim=end_frame=${blend},${timebase(profile).join(",")}[overlap${index + 1}]`,
      );
      joinedPieces.push(`overlap${index + 1}`);
    });
  } else {
    // Fade-through-black: every build has fade and concat. Half the transition out, half in.
    const out = Math.floor(blend / 2);
    const into = blend - out;
    segments.forEach((segment, index) => {
      const whole = range(segment, 0, segment.frames, segment.name);
      const fades: string[] = [];
      if (index > 0 && into > 0) fades.push(`fade=t=in:start_frame=0:nb_frames=${into}`);
      if (index < segments.length - 1 && out > 0)
        fades.push(`fade=t=out:start_frame=${segment.frames - out}:nb_frames=${out}`);
      if (fades.length === 0 || whole === null) {
        if (whole !== null) joinedPieces.push(whole);
        return;
      }
      chains.push(`${bracket(whole)}${fades.join(",")}[f${index}]`);
      joinedPieces.push(`f${index}`);
    });
  }
  chains.push(
    `${joinedPieces.map(bracket).join("")}concat=n=${joinedPieces.length}:v=1:a=0[joined]`,
  );

  const finish = ["format=yuv420p"];
  if (options.burnSubtitles !== null)
    finish.unshift(subtitlesFilter(options.burnSubtitles, profile));
  chains.push(`[joined]${finish.join(",")}[video]`);
  return { inputs, graph: chains.join(";\n"), output: "video" };
}

function bracket(label: string | null | undefined): string {
  return `[${label ?? ""}]`;
}
