import { describe, expect, it } from "vitest";
import { subtitleFontSize, subtitlesFilter } from "./chapter-burn-in.js";
import { renderProfile } from "./profiles.js";
import { planChapterTimeline } from "./timeline.js";
import { randomChapter } from "./timeline-test-support.js";
import {
  clipChain,
  expressionNumber,
  inputArguments,
  kenBurnsChain,
  transitionFrames,
  videoGraph,
} from "./video-graph.js";

const profile = renderProfile("16:9", "standard");
/** A chapter with at least two scenes (seed found by search, kept stable by the seeded generator). */
const timeline = (() => {
  for (let seed = 1; ; seed++) {
    const planned = planChapterTimeline(randomChapter(seed, profile));
    if (planned.scenes.length >= 3) return planned;
  }
})();
const shots = timeline.scenes.flatMap((scene) => scene.shots);
const options = { titleCard: "title-card.png", burnSubtitles: null } as const;
const numbers = (text: string, pattern: RegExp) =>
  [...text.matchAll(pattern)].map((match) => Number(match[1]));

describe("videoGraph with xfade", () => {
  const graph = videoGraph(timeline, { ...options, transition: "xfade" });
  const blend = transitionFrames(timeline);

  it("reads the title card and every shot's visual once, each input used once", () => {
    expect(graph.inputs).toEqual([
      ["-i", "title-card.png"],
      ...shots.map((shot) => ["-i", shot.visual.path]),
    ]);
    graph.inputs.forEach((_, index) => {
      expect(graph.graph.split(`[${index}:v]`)).toHaveLength(2);
    });
  });

  it("starts each scene's xfade at the scene's start, for the planned length", () => {
    const offsets = numbers(graph.graph, /offset=([\d.]+)/g);
    expect(offsets).toEqual(timeline.scenes.map((scene) => Number(expressionNumber(scene.start))));
    for (const duration of numbers(graph.graph, /xfade=transition=fade:duration=([\d.]+)/g))
      expect(duration).toBeCloseTo(blend / profile.fps, 6);
    expect(graph.graph).not.toContain("fade=t=");
  });

  it("holds every segment but the last for the transition + 2 frames", () => {
    const hold = blend + 2;
    // The title card and each scene's last shot get the hold; the last scene's does not.
    expect(graph.graph).toContain(`zoompan=z=1:x=0:y=0:d=${timeline.titleFrames + hold}`);
    timeline.scenes.forEach((scene, index) => {
      const last = scene.shots.at(-1);
      const extra = index < timeline.scenes.length - 1 ? hold : 0;
      const frames = (last?.frames ?? 0) + extra;
      const pattern =
        last?.visual.kind === "still" ? `:d=${frames}:` : `trim=end_frame=${frames},tpad`;
      expect(graph.graph).toContain(pattern);
    });
  });

  it("ends in [video] as yuv420p; burns subtitles in only when asked", () => {
    expect(graph.graph.endsWith("format=yuv420p[video]")).toBe(true);
    expect(graph.graph).not.toContain("subtitles=");
    const burnt = videoGraph(timeline, {
      ...options,
      transition: "xfade",
      burnSubtitles: "chapter.srt",
    });
    expect(burnt.graph).toMatch(
      /subtitles=filename=chapter\.srt:force_style='[^']+',format=yuv420p\[video\]$/,
    );
  });
});

describe("videoGraph with fade-through-black", () => {
  const graph = videoGraph(timeline, { ...options, transition: "fade-through-black" });
  const blend = transitionFrames(timeline);
  const segments = timeline.scenes.length + 1;

  it("fades out before and in after every scene start, and concatenates without xfade", () => {
    expect(graph.graph).not.toContain("xfade");
    const out = Math.floor(blend / 2);
    const fadeIns = numbers(graph.graph, /fade=t=in:start_frame=0:nb_frames=(\d+)/g);
    expect(fadeIns).toEqual(Array(segments - 1).fill(blend - out));
    const fadeOutStarts = numbers(graph.graph, /fade=t=out:start_frame=(\d+)/g);
    const lengths = [timeline.titleFrames, ...timeline.scenes.map((scene) => scene.frames)];
    expect(fadeOutStarts).toEqual(lengths.slice(0, -1).map((frames) => frames - out));
    expect(graph.graph).toContain(`concat=n=${segments}:v=1:a=0[joined]`);
  });

  it("adds no hold: each part is exactly its planned frames", () => {
    expect(graph.graph).toContain(`zoompan=z=1:x=0:y=0:d=${timeline.titleFrames}:`);
    for (const shot of shots)
      expect(graph.graph).toContain(
        shot.visual.kind === "still" ? `:d=${shot.frames}:` : `trim=end_frame=${shot.frames},tpad`,
      );
  });

  it("leaves the title card out when there is none", () => {
    const bare = videoGraph(timeline, {
      titleCard: null,
      burnSubtitles: null,
      transition: "fade-through-black",
    });
    expect(bare.inputs).toHaveLength(shots.length);
    expect(bare.graph).not.toContain("[title]");
  });
});

describe("shot chains", () => {
  const motion = {
    name: "pan",
    zoomFrom: 1.2,
    zoomTo: 1,
    centerFrom: [0.4, 0.5] as [number, number],
    centerTo: [0.6, 0.5] as [number, number],
  };

  it("pre-scales the still ×kenBurnsScale, clamps the ease at the last frame, holds the end pose", () => {
    const chain = kenBurnsChain(3, motion, 50, 14, profile);
    expect(
      chain.startsWith("[3:v]scale=2560:1440:force_original_aspect_ratio=increase,crop=2560:1440"),
    ).toBe(true);
    expect(chain).toContain("min(on,49)");
    expect(chain).toContain("(1.2+-0.2*");
    expect(chain).toContain(":d=64:s=1280x720:fps=25");
    const draft = kenBurnsChain(0, motion, 10, 0, renderProfile("16:9", "draft"));
    expect(draft).toContain("scale=320:180");
  });

  it("decodes a clip at the profile's size and rate, cut or held to exactly its frames", () => {
    const chain = clipChain(2, 40, 5, profile);
    expect(chain).toContain("[2:v]setpts=PTS-STARTPTS,scale=1280:720");
    expect(chain).toContain(
      "fps=25,trim=end_frame=45,tpad=stop_mode=clone:stop=45,trim=end_frame=45",
    );
  });

  it("reads a still whose name has % as one file, not an image sequence", () => {
    expect(inputArguments("still", "/c/100%.png")).toEqual([
      "-pattern_type",
      "none",
      "-i",
      "/c/100%.png",
    ]);
    expect(inputArguments("still", "/c/a.png")).toEqual(["-i", "/c/a.png"]);
    expect(inputArguments("clip", "/c/5%.mp4")).toEqual(["-i", "/c/5%.mp4"]);
  });

  it("writes numbers without float noise", () => {
    expect(expressionNumber(1.2 - 1)).toBe("0.2");
    expect(expressionNumber(13 / 12)).toBe("1.083333");
  });

  it("refuses a subtitle path the graph parser would misread", () => {
    for (const name of ["C:/x.srt", "it's.srt", "a,b.srt", "a b.srt"])
      expect(() => subtitlesFilter(name, profile)).toThrow(/plain/);
    expect(subtitlesFilter("chapter.srt", profile)).toContain("filename=chapter.srt:");
  });

  it("sizes burnt-in text so a 42-column row fits every aspect", () => {
    for (const aspect of ["16:9", "9:16", "1:1"] as const) {
      const { width, height } = renderProfile(aspect, "standard");
      const pixels = (subtitleFontSize(width, height) * height) / 288;
      expect(42 * 0.55 * pixels, aspect).toBeLessThanOrEqual(width * 0.9 + 1);
      expect(pixels, aspect).toBeGreaterThanOrEqual(height / 50);
    }
    expect(subtitleFontSize(1280, 720)).toBeCloseTo(14.4, 1);
  });
});
