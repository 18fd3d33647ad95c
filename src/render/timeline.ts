import type {
  ChapterTimeline,
  PlannedLine,
  PlannedScene,
  PlannedShot,
  TimelineInput,
} from "./timeline-types.js";

type InputShot = TimelineInput["scenes"][number]["shots"][number];

/**
 * Plans a chapter in whole frames and samples before ffmpeg runs (research §1.2, §2.2):
 * title card, then every scene's shots in order; a shot lasts its lines + gaps + tail (at
 * least `minShotSeconds`). Shot boundaries are rounded to frames from the chapter's running
 * total in samples, never shot by shot (233 frames × 6 lost 80 ms on 56 s), and each line's
 * start is re-derived in samples from its shot's frame-exact start, so picture and sound
 * share one clock. Transitions start at a scene's start and add no time.
 */
export function planChapterTimeline(input: TimelineInput): ChapterTimeline {
  const { profile } = input;
  const { fps, sampleRate } = profile;
  const samplesPerFrame = sampleRate / fps;
  // Whole samples per frame make every frame boundary a sample boundary (48 kHz at 12/24/25).
  if (!Number.isInteger(samplesPerFrame) || samplesPerFrame < 1)
    throw new Error(
      `render profile: ${sampleRate} Hz is not a whole number of samples per frame at ${fps} fps`,
    );
  const samples = (seconds: number) => Math.round(seconds * sampleRate);
  const spacing = {
    gap: samples(profile.gapSeconds),
    tail: samples(profile.tailSeconds),
    minimum: samples(profile.minShotSeconds),
  };

  const titleFrames = Math.max(0, Math.round(profile.titleSeconds * fps));
  let frame = titleFrames;
  // The exact (unrounded) end of the previous shot, in samples: the cumulative clock.
  let nominal = titleFrames * samplesPerFrame;
  const scenes: PlannedScene[] = input.scenes.map((scene) => {
    if (scene.shots.length === 0) throw new Error(`scene ${scene.id} has no shots to show`);
    const sceneStart = frame;
    const shots = scene.shots.map((shot): PlannedShot => {
      const startFrame = frame;
      const lines = placeLines(shot, startFrame * samplesPerFrame, spacing.gap, sampleRate);
      const spoken = lines.reduce((sum, line) => sum + line.samples, 0);
      nominal += Math.max(
        spacing.minimum,
        spoken + spacing.gap * Math.max(0, lines.length - 1) + spacing.tail,
      );
      const last = lines.at(-1);
      // The rounded boundary must still leave a gap after the last line: with a tail shorter
      // than gap + one frame it could not, so the audio decides (it never does with defaults).
      const audioEnd = last ? last.startSample + last.samples + spacing.gap : 0;
      const endFrame = Math.max(
        Math.round(nominal / samplesPerFrame),
        Math.ceil(audioEnd / samplesPerFrame),
        startFrame + 1,
      );
      frame = endFrame;
      return {
        id: shot.id,
        visual: shot.visual,
        startFrame,
        frames: endFrame - startFrame,
        start: startFrame / fps,
        duration: (endFrame - startFrame) / fps,
        lines,
      };
    });
    return {
      id: scene.id,
      heading: scene.heading,
      startFrame: sceneStart,
      frames: frame - sceneStart,
      start: sceneStart / fps,
      duration: (frame - sceneStart) / fps,
      shots,
    };
  });

  return {
    chapter: input.chapter,
    title: input.title,
    profile,
    titleFrames,
    transitionFrames: Math.max(0, Math.round(profile.transitionSeconds * fps)),
    scenes,
    totalFrames: frame,
    totalSamples: frame * samplesPerFrame,
    duration: frame / fps,
  };
}

/** Lines one after another from the shot's start, each after the previous one's audio + gap. */
function placeLines(
  shot: InputShot,
  shotStartSample: number,
  gapSamples: number,
  sampleRate: number,
): PlannedLine[] {
  let at = shotStartSample;
  return shot.lines.map((line) => {
    if (!Number.isFinite(line.duration) || line.duration < 0)
      throw new Error(`line ${line.id} has no measured duration (${line.duration})`);
    // Round up (less a hair of float noise): the plan must never cut the line's audio.
    const samples = Math.max(0, Math.ceil(line.duration * sampleRate - 1e-6));
    const startSample = at;
    at += samples + gapSamples;
    return {
      id: line.id,
      speaker: line.speaker,
      text: line.text,
      audio: line.audio,
      startSample,
      samples,
      start: startSample / sampleRate,
      duration: samples / sampleRate,
      words: line.words,
    };
  });
}
