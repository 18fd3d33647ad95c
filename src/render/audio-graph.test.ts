import { describe, expect, it } from "vitest";
import { chapterAudioArguments, speechGraph, speechSegments } from "./audio-graph.js";
import { renderProfile } from "./profiles.js";
import { planChapterTimeline } from "./timeline.js";
import { randomChapter } from "./timeline-test-support.js";
import type { ChapterTimeline } from "./timeline-types.js";

const profiles = [renderProfile("16:9", "standard"), renderProfile("1:1", "draft")];
const lines = (timeline: ChapterTimeline) =>
  timeline.scenes.flatMap((scene) => scene.shots.flatMap((shot) => shot.lines));

describe("speechSegments", () => {
  it("covers the chapter to the sample, every line whole and in its planned place", () => {
    for (const profile of profiles)
      for (let seed = 1; seed <= 150; seed++) {
        const timeline = planChapterTimeline(randomChapter(seed, profile));
        const segments = speechSegments(timeline);
        const total = segments.reduce((sum, segment) => sum + segment.samples, 0);
        expect(total, `seed ${seed}`).toBe(timeline.totalSamples);
        // Replaying the segments in order puts every line at its planned start.
        let at = 0;
        const placed = new Map<string, number>();
        for (const segment of segments) {
          if (segment.line) {
            placed.set(segment.line.id, at);
            // The segment holds the line's whole audio: nothing spoken is cut.
            expect(segment.samples).toBeGreaterThanOrEqual(segment.line.samples);
          }
          at += segment.samples;
        }
        for (const line of lines(timeline)) expect(placed.get(line.id)).toBe(line.startSample);
        expect(segments.filter((segment) => segment.line === null).length).toBeLessThanOrEqual(1);
      }
  });

  it("is one stretch of silence for a chapter without lines", () => {
    const timeline = planChapterTimeline(
      randomChapter(3, profiles[1] ?? renderProfile("1:1", "draft")),
    );
    const silent = {
      ...timeline,
      scenes: timeline.scenes.map((scene) => ({
        ...scene,
        shots: scene.shots.map((shot) => ({ ...shot, lines: [] })),
      })),
    };
    expect(speechSegments(silent)).toEqual([{ line: null, samples: timeline.totalSamples }]);
  });
});

describe("speechGraph", () => {
  const profile = renderProfile("16:9", "draft");
  const timeline = planChapterTimeline(randomChapter(7, profile));

  it("takes each line as one input, padded and cut at the next start, concatenated", () => {
    const graph = speechGraph(timeline);
    const segments = speechSegments(timeline);
    expect(graph.inputs).toEqual(lines(timeline).map((line) => line.audio));
    const cuts = [...graph.graph.matchAll(/atrim=end_sample=(\d+)/g)].map((m) => Number(m[1]));
    expect(cuts).toEqual(segments.map((segment) => segment.samples));
    expect(graph.graph).toContain(`concat=n=${segments.length}:v=0:a=1`);
    // amix would rescale the voices; adelay's all=1 is missing on 4.1.
    expect(graph.graph).not.toMatch(/amix|adelay/);
    expect(graph.graph.endsWith("[speech]")).toBe(true);
  });

  it("forces float samples everywhere (4.1 sidechaincompress rejects s16)", () => {
    const chains = speechGraph(timeline).graph.split(";\n");
    for (const chain of chains) expect(chain).toContain("aformat=sample_fmts=flt");
  });
});

describe("chapterAudioArguments", () => {
  const timeline = planChapterTimeline(randomChapter(11, renderProfile("16:9", "draft")));

  it("writes the speech alone as 48 kHz mono PCM", () => {
    const args = chapterAudioArguments(timeline, null, "out.wav");
    expect(args).toContain("[speech]");
    expect(args.join(" ")).not.toContain("sidechaincompress");
    expect(args.slice(-7)).toEqual(["-c:a", "pcm_s16le", "-ar", "48000", "-ac", "1", "out.wav"]);
  });

  it("loops the music bed, cuts it to the chapter and ducks it under the speech", () => {
    const args = chapterAudioArguments(timeline, "/music/bed.mp3", "out.wav");
    const music = args.indexOf("/music/bed.mp3");
    expect(args.slice(music - 3, music)).toEqual(["-stream_loop", "-1", "-i"]);
    const graph = args[args.indexOf("-filter_complex") + 1] ?? "";
    const musicInput = (args.filter((arg) => arg === "-i").length - 1).toString();
    expect(graph).toContain(`[${musicInput}:a]`);
    expect(graph).toContain(`atrim=end_sample=${timeline.totalSamples},volume=0.3[bed]`);
    expect(graph).toContain("[bed][key]sidechaincompress");
    expect(args[args.indexOf("-map") + 1]).toBe("[mixed]");
  });
});
