import type { RenderProfile } from "./timeline-types.js";

export type Aspect = "16:9" | "9:16" | "1:1";
export type Quality = "draft" | "standard";

/**
 * DESIGN.md §7 render profiles. `standard` is for people: 720p-class frames by aspect.
 * `draft` is for tests and previews: a quarter of the standard side (even numbers, as
 * yuv420p needs), 12 fps and x264 ultrafast, about 20× realtime on two busy cores.
 */
const FRAMES: Readonly<Record<Quality, Readonly<Record<Aspect, [number, number]>>>> = {
  standard: { "16:9": [1280, 720], "9:16": [720, 1280], "1:1": [1080, 1080] },
  draft: { "16:9": [320, 180], "9:16": [180, 320], "1:1": [270, 270] },
};

/**
 * 25 fps rather than 24: 24 is ~4 % cheaper to encode (research §7, inside that run's ±30 %
 * noise), but at 25 fps every frame boundary is a whole millisecond (40 ms) and 1920 samples,
 * so scene starts, chapter marks (TIMEBASE=1/1000) and subtitle stamps are exact, and the
 * provider clips the pipeline asks for (CLIP_FPS 25) need no frame-rate conversion.
 */
const FPS: Readonly<Record<Quality, number>> = { standard: 25, draft: 12 };

/**
 * Line spacing, as the clip task measures a shot (src/pipeline/executors/clip.ts: Σ lines +
 * 0.35 s between lines + 0.5 s tail, at least 2 s), so a provider clip made for a shot
 * fits the shot the render plans.
 */
export const GAP_SECONDS = 0.35;
export const TAIL_SECONDS = 0.5;
export const MIN_SHOT_SECONDS = 2;
/** Every intermediate and the MP4 run at 48 kHz (a whole number of samples per frame). */
export const SAMPLE_RATE = 48_000;

export function renderProfile(aspect: Aspect, quality: Quality): RenderProfile {
  const [width, height] = FRAMES[quality][aspect];
  const draft = quality === "draft";
  return {
    quality,
    width,
    height,
    fps: FPS[quality],
    sampleRate: SAMPLE_RATE,
    preset: draft ? "ultrafast" : "veryfast",
    crf: draft ? 28 : 23,
    // 128k for drafts too: at 64k the AAC encoder of ffmpeg 5.1 lifted true peak by 2.3 dB.
    audioBitrate: "128k",
    // ×1 moves in whole pixels (visible jitter on slow pushes) but is twice as fast: drafts only.
    kenBurnsScale: draft ? 1 : 2,
    titleSeconds: draft ? 1 : 2,
    transitionSeconds: 0.5,
    gapSeconds: GAP_SECONDS,
    tailSeconds: TAIL_SECONDS,
    minShotSeconds: MIN_SHOT_SECONDS,
  };
}
