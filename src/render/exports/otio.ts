import { isAbsolute, relative, resolve, sep } from "node:path";
import type { ChapterTimeline, PlannedShot } from "../timeline-types.js";

/**
 * `timeline.otio` (OpenTimelineIO JSON, research §5.2): the planned cut, so it can be refined
 * in an editor. One Timeline per book whose tracks run the chapters in sequence: "Video 1"
 * (title card from the chapter MP4, then each shot's still or clip, a dissolve at each scene
 * start) and "Audio 1" (each line's audio at its planned start, gaps for silence), with a
 * marker per chapter and per scene. A flat pair of tracks is what every OTIO importer reads
 * (Resolve, Premiere through adapters, Kdenlive); a Stack per chapter would arrive as nested
 * compound clips, which importers handle unevenly, and one file per chapter would not be
 * "one timeline.otio per book" (DESIGN.md §1).
 *
 * Audio items use rate 48000 (the plan's sample clock): every line start, length and gap is a
 * whole number, sums are exact, and no 1/25-frame rounding moves a line; OTIO rescales per
 * item, so editors place them on their own frame grid. Video items use the timeline's fps.
 */

type Json = Record<string, unknown>;

export interface OtioOptions {
  /** Absolute folder `timeline.otio` is written to; every target_url is relative to it. */
  mediaBase: string;
  /** A chapter's rendered MP4 (absolute); its first frames stand for the title card. */
  videoPath: (timeline: ChapterTimeline) => string;
  /**
   * Where the editor finds a planned source file (a shot's still or clip, a line's audio):
   * its copy under `mediaBase` (e.g. `media/`). Identity when the plan already points there.
   */
  shotMedia?: (source: string) => string;
  /** The Timeline's name (e.g. the book's slug). */
  name?: string;
}

const rationalTime = (value: number, rate: number) => ({
  OTIO_SCHEMA: "RationalTime.1",
  rate,
  value,
});
const timeRange = (start: number, duration: number, rate: number) => ({
  OTIO_SCHEMA: "TimeRange.1",
  start_time: rationalTime(start, rate),
  duration: rationalTime(duration, rate),
});
const item = { metadata: {}, effects: [], markers: [], enabled: true };

function clip(
  name: string,
  url: string,
  used: number,
  available: number,
  rate: number,
  metadata: Json,
): Json {
  return {
    OTIO_SCHEMA: "Clip.2",
    name,
    ...item,
    metadata: { litink: metadata },
    source_range: timeRange(0, used, rate),
    media_references: {
      DEFAULT_MEDIA: {
        OTIO_SCHEMA: "ExternalReference.1",
        name: "",
        metadata: {},
        target_url: url,
        available_range: timeRange(0, available, rate),
        available_image_bounds: null,
      },
    },
    active_media_reference_key: "DEFAULT_MEDIA",
  };
}

const gap = (duration: number, rate: number): Json => ({
  OTIO_SCHEMA: "Gap.1",
  name: "",
  ...item,
  source_range: timeRange(0, duration, rate),
});

/** A dissolve from the cut into the next scene: it takes no track time (render: xfade at S_k). */
const dissolve = (frames: number, rate: number): Json => ({
  OTIO_SCHEMA: "Transition.1",
  name: "Cross Dissolve",
  metadata: {},
  transition_type: "SMPTE_Dissolve",
  in_offset: rationalTime(0, rate),
  out_offset: rationalTime(frames, rate),
});

const marker = (
  name: string,
  start: number,
  duration: number,
  rate: number,
  color: string,
): Json => ({
  OTIO_SCHEMA: "Marker.2",
  name,
  metadata: {},
  color,
  comment: "",
  marked_range: timeRange(start, duration, rate),
});

const track = (name: string, kind: "Video" | "Audio", children: Json[]): Json => ({
  OTIO_SCHEMA: "Track.1",
  name,
  kind,
  ...item,
  source_range: null,
  children,
});

/** One Timeline for one chapter or a book's chapters in order. */
export function timelineOtio(
  timelines: ChapterTimeline | readonly ChapterTimeline[],
  options: OtioOptions,
): Json {
  const chapters: readonly ChapterTimeline[] = Array.isArray(timelines)
    ? timelines
    : [timelines as ChapterTimeline];
  const fps = chapters[0]?.profile.fps ?? 25;
  if (chapters.some((chapter) => chapter.profile.fps !== fps))
    throw new Error("timeline.otio: every chapter of one book must share a frame rate");
  const url = (source: string) =>
    relativeUrl(options.mediaBase, (options.shotMedia ?? ((path: string) => path))(source));
  const video: Json[] = [];
  const audio: Json[] = [];
  const markers: Json[] = [];
  let offset = 0; // frames since the timeline's start
  for (const chapter of chapters) {
    const { sampleRate } = chapter.profile;
    const samplesPerFrame = sampleRate / fps;
    const render = relativeUrl(options.mediaBase, options.videoPath(chapter)); // already an output
    markers.push(
      marker(
        `Chapter ${chapter.chapter}: ${chapter.title}`,
        offset,
        chapter.totalFrames,
        fps,
        "RED",
      ),
    );
    if (chapter.titleFrames > 0)
      video.push(
        clip(
          `chapter ${chapter.chapter} title`,
          render,
          chapter.titleFrames,
          chapter.totalFrames,
          fps,
          { chapter: chapter.chapter, title: true },
        ),
      );
    let audioAt = 0; // samples since the chapter's start
    for (const scene of chapter.scenes) {
      markers.push(
        marker(scene.heading || scene.id, offset + scene.startFrame, scene.frames, fps, "GREEN"),
      );
      if (chapter.transitionFrames > 0 && scene.startFrame > 0)
        video.push(dissolve(chapter.transitionFrames, fps));
      for (const shot of scene.shots) {
        video.push(shotClip(shot, url(shot.visual.path), chapter, scene.id));
        for (const line of shot.lines) {
          if (line.samples === 0) continue; // nothing to hear; the gap covers it
          if (line.startSample > audioAt) audio.push(gap(line.startSample - audioAt, sampleRate));
          audio.push(
            clip(line.id, url(line.audio), line.samples, line.samples, sampleRate, {
              chapter: chapter.chapter,
              scene: scene.id,
              shot: shot.id,
              speaker: line.speaker,
              text: line.text,
            }),
          );
          audioAt = line.startSample + line.samples;
        }
      }
    }
    const end = chapter.totalFrames * samplesPerFrame;
    if (end > audioAt) audio.push(gap(end - audioAt, sampleRate));
    offset += chapter.totalFrames;
  }
  return {
    OTIO_SCHEMA: "Timeline.1",
    name: options.name ?? "litink",
    metadata: {},
    global_start_time: null,
    tracks: {
      OTIO_SCHEMA: "Stack.1",
      name: "tracks",
      ...item,
      markers,
      source_range: null,
      children: [track("Video 1", "Video", video), track("Audio 1", "Audio", audio)],
    },
  };
}

/**
 * A shot's clip. A still can be held for as long as needed, so it offers the shot plus a
 * dissolve's handle; a provider clip offers what it has (the render holds its last frame).
 */
function shotClip(shot: PlannedShot, url: string, chapter: ChapterTimeline, scene: string): Json {
  const fps = chapter.profile.fps;
  const held = shot.frames + chapter.transitionFrames;
  const visual = shot.visual;
  const available =
    visual.kind === "clip" && visual.seconds !== null ? Math.round(visual.seconds * fps) : held;
  const metadata: Json = { chapter: chapter.chapter, scene, shot: shot.id, visual: visual.kind };
  if (visual.kind === "still") metadata.motion = visual.motion;
  return clip(shot.id, url, shot.frames, available, fps, metadata);
}

/** A relative URL (forward slashes) inside the output folder; anything outside is a bug. */
export function relativeUrl(base: string, file: string): string {
  const path = relative(base, resolve(base, file));
  if (path === "" || path === ".." || path.startsWith(`..${sep}`) || isAbsolute(path))
    throw new Error(`timeline.otio: ${file} is not inside the output folder ${base}`);
  return path.split(sep).join("/");
}
