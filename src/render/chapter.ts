import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { chapterAudioArguments } from "./audio-graph.js";
import { chapterEncodeArguments } from "./chapter-encode.js";
import { chapterMetadata } from "./chapter-marks.js";
import type { ChapterRenderRequest, ChapterRenderResult } from "./chapter-render-types.js";
import {
  type Feature,
  ffmpegCapabilities,
  hasFilter,
  requireFeatures,
} from "./ffmpeg/capabilities.js";
import { measureEbur128, normalizeLoudness, SPEECH_LOUDNESS } from "./ffmpeg/loudness.js";
import { countVideoFrames, probeMedia } from "./ffmpeg/probe.js";
import { runFfmpeg } from "./ffmpeg/run.js";
import { withTempDir } from "./ffmpeg/temp-dir.js";
import { subtitleCues, toSrt, toWebVtt } from "./subtitles.js";
import type { ChapterTimeline } from "./timeline-types.js";
import { drawTitleCard } from "./title-card.js";
import { type TransitionKind, videoGraph } from "./video-graph.js";

/** Shares of the whole render in `onProgress`: the encode is most of the wall time. */
const PHASES = { audio: [0, 0.05], loudness: [0.05, 0.12], encode: [0.12, 0.95] } as const;

/** Plain names inside the temp folder: ffmpeg runs there, so `subtitles=` needs no escaping. */
const NAMES = {
  title: "title-card.png",
  speech: "chapter-audio.wav",
  normalised: "chapter-audio-norm.wav",
  metadata: "chapters.txt",
  srt: "chapter.srt",
} as const;

/**
 * One chapter's MP4, SRT and VTT (issue 7, research §1–§2): the speech sequenced into one
 * track (plus the ducked music bed), two-pass loudnorm on that audio alone, then ONE video
 * encode from the sources. Outputs are written under temporary names and renamed when
 * complete, so an interrupted render never leaves a file that looks finished.
 */
export async function renderChapter(request: ChapterRenderRequest): Promise<ChapterRenderResult> {
  const started = performance.now();
  const timeline = absolutePaths(request.timeline);
  const report = (fraction: number) => request.onProgress?.(Math.min(1, Math.max(0, fraction)));
  const capabilities = await ffmpegCapabilities(request.ffmpeg);
  const transitions: TransitionKind = hasFilter(capabilities, "xfade")
    ? "xfade"
    : "fade-through-black";
  requireFeatures(capabilities, requiredFeatures(request), "rendering a chapter");

  const cues = subtitleCues(timeline);
  const partial = (path: string) => `${path}.partial`;
  const files = request.output;
  for (const path of Object.values(files)) await mkdir(dirname(path), { recursive: true });

  try {
    return await withTempDir(
      "litink-chapter",
      async (folder) => {
        const inFolder = (name: string) => join(folder, name);
        const common = { binary: request.ffmpeg, signal: request.signal, cwd: folder };
        const phase =
          ([from, to]: readonly [number, number]) =>
          (progress: { fraction: number | null }) =>
            report(from + (to - from) * (progress.fraction ?? 0));

        await runFfmpeg(chapterAudioArguments(timeline, musicPath(request), NAMES.speech), {
          ...common,
          step: `mixing the audio of chapter ${timeline.chapter}`,
          totalSeconds: timeline.duration,
          onProgress: phase(PHASES.audio),
        });
        report(PHASES.loudness[0]);
        const loudness = await normalizeLoudness(
          request.ffmpeg,
          inFolder(NAMES.speech),
          inFolder(NAMES.normalised),
          { signal: request.signal },
        );
        report(PHASES.loudness[1]);

        const withTitle = timeline.titleFrames > 0;
        const warnings: Array<{ message: string }> = [];
        if (withTitle) {
          const card = await drawTitleCard({
            width: timeline.profile.width,
            height: timeline.profile.height,
            title: request.titleCard.title,
            subtitle: request.titleCard.subtitle,
          });
          await writeFile(inFolder(NAMES.title), card.png);
          for (const warning of card.warnings) warnings.push({ message: warning.message });
        }
        await writeFile(
          inFolder(NAMES.metadata),
          // MP4 chapter tracks start at 0: without a mark over the title card, the first
          // scene's mark would be moved to 0 by the muxer (measured on 4.1 and 5.1).
          chapterMetadata(timeline, {
            fileTitle: request.titleCard.title,
            titleMark: request.titleCard.title,
          }),
        );
        const [srt, vtt] = [toSrt(cues), toWebVtt(cues)];
        // The encode reads its copy by a plain name in the temp folder; the user's copies go
        // beside the MP4 under temporary names (the temp folder may be on another disk).
        await writeFile(inFolder(NAMES.srt), srt);
        await writeFile(partial(files.srt), srt);
        await writeFile(partial(files.vtt), vtt);
        const hasCues = cues.length > 0;
        const video = videoGraph(timeline, {
          transition: transitions,
          titleCard: withTitle ? NAMES.title : null,
          burnSubtitles: request.burnSubtitles && hasCues ? NAMES.srt : null,
        });
        await runFfmpeg(
          chapterEncodeArguments({
            video,
            profile: timeline.profile,
            audio: NAMES.normalised,
            metadata: NAMES.metadata,
            subtitles: hasCues ? NAMES.srt : null,
            output: partial(files.mp4),
          }),
          {
            ...common,
            step: `encoding chapter ${timeline.chapter}`,
            totalSeconds: timeline.duration,
            onProgress: phase(PHASES.encode),
          },
        );

        const measuredSeconds = await videoSeconds(partial(files.mp4), request);
        const summary = await measureEbur128(request.ffmpeg, partial(files.mp4), {
          signal: request.signal,
        });
        // Measured on the file the user gets: a miss is said, not hidden in report.json.
        const { I, TP } = SPEECH_LOUDNESS;
        if (Math.abs(summary.integrated - I) > 1 || (summary.truePeak ?? TP) > TP)
          warnings.push({
            message: `chapter ${timeline.chapter} measures ${summary.integrated} LUFS, true peak ${summary.truePeak} dBTP (aimed at ${I} LUFS, at most ${TP} dBTP)`,
          });
        // Subtitles first, the MP4 last: a finished MP4 means its companions are there too.
        await rename(partial(files.srt), files.srt);
        await rename(partial(files.vtt), files.vtt);
        await rename(partial(files.mp4), files.mp4);
        report(1);
        return {
          files: { ...files },
          loudness: {
            integrated: summary.integrated,
            truePeak: summary.truePeak,
            normalization: loudness.applied?.normalizationType ?? null,
          },
          transitions,
          plannedSeconds: timeline.duration,
          measuredSeconds,
          ms: Math.round(performance.now() - started),
          warnings,
        };
      },
      { parent: request.tempParent },
    );
  } finally {
    for (const path of Object.values(files)) await rm(partial(path), { force: true });
  }
}

/** Everything this render will ask of the build, checked before anything is spawned. */
function requiredFeatures(request: ChapterRenderRequest): Feature[] {
  const features: Feature[] = [
    "encoder:libx264",
    "encoder:aac",
    "encoder:mov_text",
    "encoder:pcm_s16le",
    "filter:zoompan",
    "filter:concat",
    "filter:fade",
    "filter:tpad",
    "filter:apad",
    "filter:atrim",
    "filter:anullsrc",
    "filter:loudnorm",
    "filter:alimiter",
    "filter:ebur128",
  ];
  if (request.music !== null) features.push("filter:sidechaincompress", "filter:amix");
  if (request.burnSubtitles) features.push("filter:subtitles");
  return features;
}

/**
 * The video stream's length as frames ÷ rate. An MP4 states its frame count in its sample
 * table, exact for the constant rate written here; decoding every frame (`-count_frames`)
 * would add ~8 % to a 720p render, so it is only the fallback (the tests decode anyway).
 */
async function videoSeconds(file: string, request: ChapterRenderRequest): Promise<number> {
  const options = { binary: request.ffprobe, signal: request.signal };
  const video = (await probeMedia(file, options)).streams.find((stream) => stream.type === "video");
  if (video?.frames && video.frameRate) return video.frames / video.frameRate;
  return (await countVideoFrames(file, options)).seconds;
}

function musicPath(request: ChapterRenderRequest): string | null {
  return request.music === null ? null : resolve(request.music);
}

/** ffmpeg runs in the temp folder, so every source path must be absolute. */
function absolutePaths(timeline: ChapterTimeline): ChapterTimeline {
  return {
    ...timeline,
    scenes: timeline.scenes.map((scene) => ({
      ...scene,
      shots: scene.shots.map((shot) => ({
        ...shot,
        visual: { ...shot.visual, path: resolve(shot.visual.path) },
        lines: shot.lines.map((line) => ({ ...line, audio: resolve(line.audio) })),
      })),
    })),
  };
}
