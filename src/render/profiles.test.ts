import { describe, expect, it } from "vitest";
import { clipSeconds } from "../pipeline/executors/clip.js";
import { GAP_SECONDS } from "../pipeline/plan-constants.js";
import { type Aspect, type Quality, renderProfile } from "./profiles.js";
import { planChapterTimeline } from "./timeline.js";

const aspects: Aspect[] = ["16:9", "9:16", "1:1"];
const qualities: Quality[] = ["standard", "draft"];

describe("renderProfile", () => {
  it("gives the issue's frames for people and small even frames for drafts", () => {
    expect(
      aspects.map((aspect) => renderProfile(aspect, "standard")).map((p) => [p.width, p.height]),
    ).toEqual([
      [1280, 720],
      [720, 1280],
      [1080, 1080],
    ]);
    for (const aspect of aspects)
      for (const quality of qualities) {
        const profile = renderProfile(aspect, quality);
        expect(profile.width % 2).toBe(0);
        expect(profile.height % 2).toBe(0);
        expect(Number.isInteger(profile.sampleRate / profile.fps)).toBe(true);
        expect(profile.sampleRate).toBe(48000);
      }
    const draft = renderProfile("16:9", "draft");
    expect([draft.width, draft.height, draft.fps, draft.preset, draft.kenBurnsScale]).toEqual([
      320,
      180,
      12,
      "ultrafast",
      1,
    ]);
    const standard = renderProfile("16:9", "standard");
    expect([standard.fps, standard.preset, standard.crf, standard.kenBurnsScale]).toEqual([
      25,
      "veryfast",
      23,
      2,
    ]);
  });

  it("sizes a shot like the clip task does (so a provider clip fits its shot)", () => {
    const profile = { ...renderProfile("16:9", "standard"), titleSeconds: 0 };
    expect(profile.gapSeconds).toBe(GAP_SECONDS);
    for (const durations of [[], [0.6], [1.7, 2.3], [3.1, 0.4, 5.25]]) {
      const expected = clipSeconds(
        durations.map((seconds) => ({
          artifacts: {},
          values: { durationSeconds: seconds },
          hash: "",
        })),
        GAP_SECONDS,
      );
      const timeline = planChapterTimeline({
        chapter: 1,
        title: "t",
        profile,
        scenes: [
          {
            id: "s1",
            heading: "",
            shots: [
              {
                id: "a",
                visual: { kind: "clip", path: "/a.mp4", seconds: expected },
                lines: durations.map((duration, index) => ({
                  id: `l${index}`,
                  speaker: "N",
                  text: "x",
                  audio: "/l.wav",
                  duration,
                  words: [],
                })),
              },
            ],
          },
        ],
      });
      // Within half a frame of the clip's length (the plan rounds to frames).
      expect(Math.abs(timeline.duration - expected)).toBeLessThanOrEqual(0.5 / profile.fps + 1e-9);
    }
  });
});
