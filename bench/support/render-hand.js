// The hand-written reference of the render bench (research x/bench.sh, made to render litink's
// planned frames): one ffmpeg command — title card, Ken Burns (zoompan on a pre-scaled still,
// the shot's own Motion, smoothstep) on six stills, concat, loudnorm on the chapter's speech,
// x264 + AAC + faststart. Its variants change one knob each; the parallel variant encodes two
// scenes at once and joins them with the concat demuxer (-c copy).
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** Runs ffmpeg (argument array, no shell); resolves with its wall time in ms. */
export function timedFfmpeg(binary, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(binary, ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", ...args], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve({ ms: performance.now() - started, stderr });
      else reject(new Error(`ffmpeg exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

/** The Ken Burns chain of one planned still shot: the same expression as ken-burns-motion.ts. */
function kenBurns(input, shot, profile, scale, label, hold = 0) {
  const { motion } = shot.visual;
  const { width, height, fps } = profile;
  const last = Math.max(1, shot.frames - 1);
  // min(): the end pose holds during the extra frames an xfade overlaps.
  const on = `min(on,${last})`;
  const eased = `(3-2*${on}/${last})*(${on}/${last})*(${on}/${last})`;
  const zoom = `(${motion.zoomFrom}+${motion.zoomTo - motion.zoomFrom}*${eased})`;
  const centre = (axis) =>
    `(${motion.centerFrom[axis]}+${motion.centerTo[axis] - motion.centerFrom[axis]}*${eased})`;
  const bigWidth = width * scale;
  const bigHeight = height * scale;
  return (
    `[${input}:v]scale=${bigWidth}:${bigHeight}:force_original_aspect_ratio=increase,` +
    `crop=${bigWidth}:${bigHeight},setsar=1,` +
    `zoompan=z='${zoom}':x='clip(${centre(0)}*iw-iw/${zoom}/2,0,iw-iw/${zoom})'` +
    `:y='clip(${centre(1)}*ih-ih/${zoom}/2,0,ih-ih/${zoom})'` +
    `:d=${shot.frames + hold}:s=${width}x${height}:fps=${fps},format=yuv420p[${label}]`
  );
}

function titleInput(timeline) {
  const { width, height, fps } = timeline.profile;
  const seconds = timeline.titleFrames / fps;
  return ["-f", "lavfi", "-i", `color=c=0x1d2233:s=${width}x${height}:r=${fps}:d=${seconds}`];
}

function x264(timeline, preset) {
  return [
    "-c:v",
    "libx264",
    "-preset",
    preset,
    "-crf",
    String(timeline.profile.crf),
    "-pix_fmt",
    "yuv420p",
  ];
}

/** Single-pass loudnorm in the graph, or pass 2 (linear) when pass 1's numbers are given. */
export function loudnormChain(input, loudnorm) {
  const settle = "aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=mono";
  return `[${input}:a]aformat=channel_layouts=mono,${loudnorm},${settle}[a]`;
}

/**
 * The video graph of some shots (a title card first when `withTitle`); label [v]. With
 * `xfade`, the last scene joins the rest through xfade at its start, as litink does on 5.1
 * (the rest holds D + 2 more frames, research §2.2); otherwise one plain concat. xfade
 * costs CPU on every frame it passes, not only in the transition (measured here).
 */
function videoGraph(timeline, shots, scale, withTitle, xfade = false) {
  const offset = withTitle ? 1 : 0;
  const joinAt = xfade ? shots.length - timeline.scenes.at(-1).shots.length : shots.length;
  const hold = xfade ? timeline.transitionFrames + 2 : 0;
  const chains = shots.map((shot, k) =>
    kenBurns(k + offset, shot, timeline.profile, scale, `v${k}`, k === joinAt - 1 ? hold : 0),
  );
  const labels = shots.map((_, k) => `[v${k}]`);
  if (withTitle) {
    chains.unshift("[0:v]format=yuv420p,setsar=1[t]");
    labels.unshift("[t]");
  }
  if (!xfade) {
    chains.push(`${labels.join("")}concat=n=${labels.length}:v=1:a=0,format=yuv420p[v]`);
    return chains;
  }
  const { fps } = timeline.profile;
  const settle = `format=yuv420p,settb=1/${fps},setpts=PTS-STARTPTS`;
  const split = joinAt + offset;
  chains.push(`${labels.slice(0, split).join("")}concat=n=${split}:v=1:a=0,${settle}[first]`);
  chains.push(
    `${labels.slice(split).join("")}concat=n=${labels.length - split}:v=1:a=0,${settle}[last]`,
  );
  const start = timeline.scenes.at(-1).startFrame / fps;
  chains.push(
    `[first][last]xfade=transition=fade:duration=${timeline.transitionFrames / fps}:offset=${start},format=yuv420p[v]`,
  );
  return chains;
}

/** The one command: every frame of the plan plus the speech, loudnorm-ed, into one MP4. */
export function handArguments({
  timeline,
  speech,
  output,
  preset,
  scale,
  loudnorm,
  xfade = false,
}) {
  const shots = timeline.scenes.flatMap((scene) => scene.shots);
  const graph = videoGraph(timeline, shots, scale, true, xfade);
  graph.push(loudnormChain(shots.length + 1, loudnorm));
  return [
    ...titleInput(timeline),
    ...shots.flatMap((shot) => ["-i", shot.visual.path]),
    ...["-i", speech, "-filter_complex", graph.join(";"), "-map", "[v]", "-map", "[a]"],
    ...x264(timeline, preset),
    ...["-c:a", "aac", "-b:a", timeline.profile.audioBitrate, "-movflags", "+faststart", output],
  ];
}

/**
 * Parallel scenes: each scene's video alone (the title with the first), the audio normalised
 * to a WAV at the same time, then one mux: concat demuxer -c:v copy + AAC. One lossy generation.
 */
export async function parallelScenes({
  binary,
  timeline,
  speech,
  folder,
  output,
  preset,
  scale,
  loudnorm,
}) {
  const started = performance.now();
  const parts = timeline.scenes.map((scene, index) => {
    const file = join(folder, `scene${index + 1}.mp4`);
    const withTitle = index === 0;
    const graph = videoGraph(timeline, scene.shots, scale, withTitle);
    const args = [
      ...(withTitle ? titleInput(timeline) : []),
      ...scene.shots.flatMap((shot) => ["-i", shot.visual.path]),
      ...["-filter_complex", graph.join(";"), "-map", "[v]", "-an"],
      ...x264(timeline, preset),
      file,
    ];
    return { file, run: timedFfmpeg(binary, args) };
  });
  const audio = join(folder, "speech-norm.wav");
  const audioRun = timedFfmpeg(binary, [
    ...["-i", speech, "-filter_complex", loudnormChain(0, loudnorm), "-map", "[a]"],
    ...["-c:a", "pcm_s16le", audio],
  ]);
  await Promise.all([...parts.map((part) => part.run), audioRun]);
  const list = join(folder, "scenes.txt");
  writeFileSync(list, parts.map((part) => `file '${part.file}'\n`).join(""));
  await timedFfmpeg(binary, [
    ...["-f", "concat", "-safe", "0", "-i", list, "-i", audio, "-map", "0:v", "-map", "1:a"],
    ...["-c:v", "copy", "-c:a", "aac", "-b:a", timeline.profile.audioBitrate],
    ...["-movflags", "+faststart", output],
  ]);
  return { ms: performance.now() - started };
}
