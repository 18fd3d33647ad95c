import { describe, expect, it } from "vitest";
import { renderProfile } from "./profiles.js";
import { planChapterTimeline } from "./timeline.js";
import { randomChapter } from "./timeline-test-support.js";
import type { ChapterTimeline, TimelineInput } from "./timeline-types.js";

const profiles = [
  renderProfile("16:9", "standard"),
  renderProfile("9:16", "draft"),
  renderProfile("1:1", "standard"),
];

function allLines(timeline: ChapterTimeline) {
  return timeline.scenes.flatMap((scene) => scene.shots.flatMap((shot) => shot.lines));
}

/** Every invariant the render, the subtitles and the tests rely on. */
function checkInvariants(timeline: ChapterTimeline): void {
  const { fps, sampleRate, gapSeconds } = timeline.profile;
  const samplesPerFrame = sampleRate / fps;
  const gapSamples = Math.round(gapSeconds * sampleRate);
  // Σ parts = total, and the parts follow each other with no hole.
  let frame = timeline.titleFrames;
  for (const scene of timeline.scenes) {
    expect(scene.startFrame).toBe(frame);
    expect(scene.start).toBe(scene.startFrame / fps);
    let shotFrame = scene.startFrame;
    for (const shot of scene.shots) {
      expect(shot.startFrame).toBe(shotFrame);
      expect(shot.frames).toBeGreaterThanOrEqual(1);
      expect(Number.isInteger(shot.frames)).toBe(true);
      shotFrame += shot.frames;
      const shotStart = shot.startFrame * samplesPerFrame;
      const shotEnd = (shot.startFrame + shot.frames) * samplesPerFrame;
      for (const line of shot.lines) {
        expect(line.startSample).toBeGreaterThanOrEqual(shotStart);
        expect(line.startSample + line.samples).toBeLessThanOrEqual(shotEnd);
        expect(line.start).toBe(line.startSample / sampleRate);
      }
    }
    expect(shotFrame - scene.startFrame).toBe(scene.frames);
    frame += scene.frames;
  }
  expect(timeline.totalFrames).toBe(frame);
  expect(timeline.duration).toBe(timeline.totalFrames / fps);
  // Exact in integers; the seconds form only to float precision (1/12 s is not a binary fraction).
  expect(timeline.totalSamples).toBe((timeline.totalFrames * sampleRate) / fps);
  expect(Number.isInteger(timeline.totalSamples)).toBe(true);
  expect(Math.abs(timeline.duration * sampleRate - timeline.totalSamples)).toBeLessThan(1e-6);
  // Lines in order, disjoint, and each one's audio fully plays before the next starts.
  const lines = allLines(timeline);
  for (let index = 1; index < lines.length; index++) {
    const previous = lines[index - 1];
    const line = lines[index];
    if (!previous || !line) throw new Error("unreachable");
    expect(previous.startSample + previous.samples).toBeLessThanOrEqual(
      line.startSample - gapSamples,
    );
  }
}

describe("planChapterTimeline", () => {
  it("keeps every invariant on 300 random chapters (seeded)", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const profile = profiles[seed % profiles.length];
      if (!profile) throw new Error("unreachable");
      const input = randomChapter(seed, profile);
      const timeline = planChapterTimeline(input);
      checkInvariants(timeline);
      // Never cut: each planned line is at least as long as its measured audio.
      const measured = input.scenes.flatMap((s) => s.shots.flatMap((shot) => shot.lines));
      allLines(timeline).forEach((line, index) => {
        expect(line.duration).toBeGreaterThanOrEqual((measured[index]?.duration ?? 0) - 1e-9);
      });
    }
  });

  it("rounds cumulatively: six 9.33 s shots make 56 s, not 55.92 s (research §1.2)", () => {
    const profile = { ...renderProfile("16:9", "standard"), titleSeconds: 0 };
    const line = (index: number) => ({
      id: `l${index}`,
      speaker: "NARRATOR",
      text: "words",
      audio: `/a/l${index}.wav`,
      duration: 56 / 6 - 0.5, // + 0.5 s tail = 9.333… s per shot
      words: [],
    });
    const input: TimelineInput = {
      chapter: 1,
      title: "Bench",
      profile,
      scenes: [
        {
          id: "s1",
          heading: "bench",
          shots: Array.from({ length: 6 }, (_, index) => ({
            id: `shot${index}`,
            visual: { kind: "clip" as const, path: `/a/${index}.mp4`, seconds: null },
            lines: [line(index)],
          })),
        },
      ],
    };
    const timeline = planChapterTimeline(input);
    expect(timeline.totalFrames).toBe(1400);
    expect(timeline.duration).toBe(56);
    const frames = timeline.scenes[0]?.shots.map((shot) => shot.frames);
    expect(frames).toEqual([233, 234, 233, 233, 234, 233]);
  });

  it("lays out a known chapter exactly: title, lines with gaps, silent shot, next scene", () => {
    const profile = renderProfile("16:9", "standard"); // 25 fps, 2 s title
    const spoken = (id: string, duration: number) => ({
      id,
      speaker: "NARRATOR",
      text: id,
      audio: `/a/${id}.wav`,
      duration,
      words: [],
    });
    const still = {
      kind: "still" as const,
      path: "/a/x.png",
      motion: {
        name: "push-in",
        zoomFrom: 1,
        zoomTo: 1.2,
        centerFrom: [0.5, 0.5] as [number, number],
        centerTo: [0.5, 0.5] as [number, number],
      },
    };
    const timeline = planChapterTimeline({
      chapter: 3,
      title: "Known",
      profile,
      scenes: [
        {
          id: "s1",
          heading: "one",
          shots: [
            { id: "a", visual: still, lines: [spoken("l1", 1.7), spoken("l2", 2.3)] },
            { id: "b", visual: still, lines: [] },
          ],
        },
        {
          id: "s2",
          heading: "two",
          shots: [{ id: "c", visual: still, lines: [spoken("l3", 0.6)] }],
        },
      ],
    });
    expect(timeline.titleFrames).toBe(50);
    expect(timeline.transitionFrames).toBe(13); // 0.5 s × 25 = 12.5 → 13
    const [one, two] = timeline.scenes;
    // shot a: 1.7 + 0.35 + 2.3 + 0.5 = 4.85 s = 121.25 → boundary round(171.25) = 171
    expect(one?.shots[0]?.frames).toBe(121);
    expect(one?.shots[0]?.lines.map((line) => line.start)).toEqual([2, 4.05]);
    // silent shot b: 2 s; boundary round(6.85 s × 25 + 50) = round(221.25) = 221
    expect(one?.shots[1]?.frames).toBe(50);
    expect(two?.startFrame).toBe(221);
    expect(two?.start).toBe(8.84);
    expect(two?.shots[0]?.lines[0]?.start).toBe(8.84);
    // 0.6 + 0.5 = 1.1 s < 2 s minimum
    expect(two?.frames).toBe(50);
    expect(timeline.duration).toBe(10.84);
  });

  it("refuses a profile whose sample rate is not a whole number of samples per frame", () => {
    const profile = { ...renderProfile("16:9", "standard"), fps: 29.97 };
    expect(() => planChapterTimeline(randomChapter(1, profile))).toThrow(/samples per frame/);
  });
});
