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

  const joins = timeline.scenes.length;
  const chains = graph.graph.split(";\n");
  /** Frames a piece's chain renders: zoompan's `d`, or a clip's last trim. */
  const pieceFrames = (chain: string) => {
    const zoompan = chain.match(/:d=(\d+):/);
    if (zoompan) return Number(zoompan[1]);
    const trim = [...chain.matchAll(/trim=(?:start_frame=(\d+):)?end_frame=(\d+)/g)].at(-1);
    return Number(trim?.[2]) - Number(trim?.[1] ?? 0);
  };
  const piecesOf = (kind: string) =>
    chains.filter((chain) => new RegExp(`\\[${kind}\\d+p\\d+\\]$`).test(chain));

  it("reads every piece from its own input, each input used once", () => {
    const paths = graph.inputs.map((input) => input.at(-1));
    expect(new Set(paths)).toEqual(
      new Set(["title-card.png", ...shots.map((shot) => shot.visual.path)]),
    );
    // Each join renders the earlier segment's end and the later one's start once more.
    expect(graph.inputs.length).toBeGreaterThanOrEqual(1 + shots.length + 2 * joins);
    graph.inputs.forEach((_, index) => {
      expect(graph.graph.split(`[${index}:v]`)).toHaveLength(2);
    });
  });

  it("crossfades each join on its own overlap only: D frames, from offset 0", () => {
    expect(numbers(graph.graph, /offset=([\d.]+)/g)).toEqual(Array(joins).fill(0));
    const durations = numbers(graph.graph, /xfade=transition=fade:duration=([\d.]+)/g);
    expect(durations).toHaveLength(joins);
    for (const duration of durations) expect(duration).toBeCloseTo(blend / profile.fps, 6);
    expect(numbers(graph.graph, /offset=0,trim=end_frame=(\d+)/g)).toEqual(
      Array(joins).fill(blend),
    );
    expect(graph.graph).not.toContain("fade=t=");
  });

  it("feeds each overlap the earlier segment's held end and the later one's start, D + 2 each", () => {
    // 5.1 ends xfade early when its first input ends exactly at offset + D: 2 frames spare.
    for (const kind of ["tail", "head"]) {
      const total = piecesOf(kind).reduce((sum, chain) => sum + pieceFrames(chain), 0);
      expect(total, kind).toBe(joins * (blend + 2));
    }
    // The title card's tail is its card held; a still's tail is its end pose (ease clamped).
    expect(graph.graph).toContain(`zoompan=z=1:x=0:y=0:d=${blend + 2}:`);
  });

  it("keeps the planned total: bodies (each after the first less D) + overlaps = Σ frames", () => {
    const bodies = piecesOf("body").reduce((sum, chain) => sum + pieceFrames(chain), 0);
    expect(bodies + joins * blend).toBe(timeline.totalFrames);
    const pieces = graph.graph.match(/concat=n=(\d+):v=1:a=0\[joined\]/);
    expect(Number(pieces?.[1])).toBeGreaterThanOrEqual(2 * joins + 1);
  });

  it("renders an overlap across shots when a scene's first shot is shorter than it", () => {
    const short = structuredClone(timeline);
    const [first, second] = short.scenes[1]?.shots ?? [];
    if (first === undefined || second === undefined) throw new Error("seed: scene 1 has 1 shot");
    second.frames += first.frames - 3;
    first.frames = 3;
    const split = videoGraph(short, { ...options, transition: "xfade" }).graph.split(";\n");
    // Scene 1 is segment 2 (after the title card): its head is 3 frames of shot 0, then shot 1.
    const head = split.filter((chain) => /\[head2p\d\]$/.test(chain));
    expect(head.map(pieceFrames)).toEqual([3, blend + 2 - 3]);
    expect(head[1]).toContain(`min(on,${second.frames - 1})`);
    const body = split.filter((chain) => /\[body2p\d\]$/.test(chain));
    expect(body.map(pieceFrames)[0]).toBe(second.frames - (blend - 3));
    expect(body[0]).toContain(`on+${blend - 3},`);
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
