import type { Motion } from "../providers/local/ken-burns-motion.js";
import { subtitlesFilter } from "./chapter-burn-in.js";
import type { ChapterTimeline, PlannedShot, RenderProfile } from "./timeline-types.js";

/**
 * The chapter's picture as one filter graph (research §1.1, §2.2), pure: the timeline in,
 * `-i` inputs and `-filter_complex` text out. Title card, then every scene's shots (stills
 * moved by zoompan, provider clips decoded once, scaled, cut or held to their frames),
 * scenes joined at their starts by `xfade` or by fade-through-black. Both keep the total
 * exactly Σ parts: xfade overlaps the hold it is given, fades darken frames already planned.
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
 */
export function kenBurnsChain(
  input: number,
  motion: Motion,
  frames: number,
  hold: number,
  profile: RenderProfile,
): string {
  const { width, height, fps, kenBurnsScale } = profile;
  const last = Math.max(1, frames - 1);
  const on = `min(on,${last})`;
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
      `:d=${frames + hold}:s=${width}x${height}:fps=${fps}`,
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
    `trim=end_frame=${total}`,
    ...timebase(profile),
  ].join(",");
}

/** The title card PNG held for its frames (zoompan at z=1: one frame in, `d` frames out). */
export function titleChain(input: number, frames: number, hold: number, profile: RenderProfile) {
  const { width, height, fps } = profile;
  return [
    `[${input}:v]scale=${width}:${height}:force_original_aspect_ratio=increase`,
    `crop=${width}:${height}`,
    "setsar=1",
    `zoompan=z=1:x=0:y=0:d=${frames + hold}:s=${width}x${height}:fps=${fps}`,
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

function shotChain(input: number, shot: PlannedShot, hold: number, profile: RenderProfile) {
  return shot.visual.kind === "still"
    ? kenBurnsChain(input, shot.visual.motion, shot.frames, hold, profile)
    : clipChain(input, shot.frames, hold, profile);
}

/** The whole picture: inputs and graph, its output label `[video]`. */
export function videoGraph(timeline: ChapterTimeline, options: VideoGraphOptions): VideoGraph {
  const { profile } = timeline;
  const fps = profile.fps;
  const blend = transitionFrames(timeline);
  // xfade consumes D frames of the earlier segment past its end; 2 more, or 5.1 ends the
  // output at the offset when the first input ends exactly at offset + D (research §2.2).
  const hold = options.transition === "xfade" && blend > 0 ? blend + 2 : 0;
  const inputs: string[][] = [];
  const chains: string[] = [];
  const segments: Array<{ label: string; frames: number; startFrame: number }> = [];
  const withTitle = options.titleCard !== null && timeline.titleFrames > 0;
  const segmentCount = timeline.scenes.length + (withTitle ? 1 : 0);
  const holdFor = (segment: number) => (segment < segmentCount - 1 ? hold : 0);

  if (withTitle && options.titleCard !== null) {
    inputs.push(["-i", options.titleCard]);
    chains.push(`${titleChain(0, timeline.titleFrames, holdFor(0), profile)}[title]`);
    segments.push({ label: "title", frames: timeline.titleFrames, startFrame: 0 });
  }
  for (const [sceneIndex, scene] of timeline.scenes.entries()) {
    const segment = segments.length;
    const shotLabels = scene.shots.map((shot, shotIndex) => {
      const input = inputs.push(inputArguments(shot.visual.kind, shot.visual.path)) - 1;
      const extra = shotIndex === scene.shots.length - 1 ? holdFor(segment) : 0;
      const label = `s${sceneIndex}v${shotIndex}`;
      chains.push(`${shotChain(input, shot, extra, profile)}[${label}]`);
      return `[${label}]`;
    });
    const label = `scene${sceneIndex}`;
    chains.push(
      `${shotLabels.join("")}concat=n=${shotLabels.length}:v=1:a=0,${timebase(profile).join(",")}[${label}]`,
    );
    segments.push({ label, frames: scene.frames, startFrame: scene.startFrame });
  }
  if (segments.length === 0) throw new Error(`chapter ${timeline.chapter} has nothing to show`);

  let joined: string;
  if (options.transition === "xfade" && blend > 0 && segments.length > 1) {
    let previous = segments[0]?.label ?? "";
    for (const [index, segment] of segments.slice(1).entries()) {
      const label = `x${index + 1}`;
      const offset = expressionNumber(segment.startFrame / fps);
      chains.push(
        `[${previous}][${segment.label}]xfade=transition=fade:duration=${expressionNumber(blend / fps)}:offset=${offset},${timebase(profile).join(",")}[${label}]`,
      );
      previous = label;
    }
    joined = previous;
  } else {
    // Fade-through-black: every build has fade and concat. Half the transition out, half in.
    const out = Math.floor(blend / 2);
    const into = blend - out;
    const faded = segments.map((segment, index) => {
      const fades: string[] = [];
      if (index > 0 && into > 0) fades.push(`fade=t=in:start_frame=0:nb_frames=${into}`);
      if (index < segments.length - 1 && out > 0)
        fades.push(`fade=t=out:start_frame=${segment.frames - out}:nb_frames=${out}`);
      if (fades.length === 0) return `[${segment.label}]`;
      chains.push(`[${segment.label}]${fades.join(",")}[f${index}]`);
      return `[f${index}]`;
    });
    chains.push(`${faded.join("")}concat=n=${faded.length}:v=1:a=0[joined]`);
    joined = "joined";
  }

  const finish = ["format=yuv420p"];
  if (options.burnSubtitles !== null)
    finish.unshift(subtitlesFilter(options.burnSubtitles, profile));
  chains.push(`[${joined}]${finish.join(",")}[video]`);
  return { inputs, graph: chains.join(";\n"), output: "video" };
}
