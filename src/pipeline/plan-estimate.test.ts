import { describe, expect, it } from "vitest";
import { defaultTiers } from "../config/defaults.js";
import { estimatePlan, planBook } from "./plan.js";
import { testChapter, testInput } from "./plan-test-support.js";

const basic = { tier: "basic" as const, chains: defaultTiers.basic };

describe("estimatePlan", () => {
  it("prices every task by its chain's first model and counts cache hits as free", () => {
    const input = testInput({ ...basic, chapters: [testChapter(1)] });
    const graph = planBook(input);
    const full = estimatePlan(input, graph, new Set());
    expect(full.tier).toBe("basic");
    expect(full.tasks).toBe(graph.tasks.length);
    expect(full.cachedTasks).toBe(0);
    const sum = graph.tasks.reduce((total, task) => total + task.estimate.usd, 0);
    expect(full.estimatedUsd).toBeCloseTo(sum, 6);
    // 2 portraits + 4 shots at $0.03 an image.
    expect(full.byModel["modelslab:seedream-4"]).toEqual({ tasks: 6, cachedTasks: 0, usd: 0.18 });
    expect(full.byStage.portraits).toMatchObject({ tasks: 2, usd: 0.06 });

    const images = graph.tasks.filter((task) => task.kind === "image").map((task) => task.id);
    const cached = estimatePlan(input, graph, new Set([...images, "portrait:alice"]));
    expect(cached.cachedTasks).toBe(5);
    expect(cached.byModel["modelslab:seedream-4"]).toEqual({ tasks: 6, cachedTasks: 5, usd: 0.03 });
    expect(cached.estimatedUsd).toBeCloseTo(sum - 0.15, 6);
    expect(cached.byStage.media?.seconds).toBeLessThanOrEqual(full.byStage.media?.seconds ?? 0);

    const everything = estimatePlan(input, graph, new Set(graph.tasks.map((task) => task.id)));
    expect(everything).toMatchObject({ estimatedUsd: 0, estimatedSeconds: 0 });
    expect(everything.cachedTasks).toBe(graph.tasks.length);
  });

  it("projects the media of a chapter not adapted yet from its target length", () => {
    // 1,200 words at 2 min per 1,000 words and 150 wpm: 360 spoken words → 30 lines, 10 shots.
    const input = testInput({ ...basic, chapters: [testChapter(2)], screenplays: new Map() });
    const graph = planBook(input);
    expect(graph.tasks.map((task) => task.id)).toEqual([
      "ingest",
      "index",
      "bible",
      "adapt:ch02",
      "exports",
    ]);
    const estimate = estimatePlan(input, graph, new Set());
    // 10 images, 30 lines, 10 remote clips, the chapter's render.
    expect(estimate.tasks).toBe(5 + 10 + 30 + 10 + 1);
    expect(estimate.byStage.render).toMatchObject({ tasks: 2, usd: 0 });
    expect(estimate.byStage.render?.seconds).toBeGreaterThan(0);
    expect(estimate.byModel["modelslab:seedream-4"]).toEqual({
      tasks: 10,
      cachedTasks: 0,
      usd: 0.3,
    });
    // 30 lines × 72 characters × $0.05 / 1k characters.
    expect(estimate.byModel["elevenlabs:eleven_flash_v2_5"]?.usd).toBeCloseTo(0.108, 6);
    // 10 clips × (36 words at 150 wpm + 2 pauses of 0.35 s) × $0.05 a second.
    expect(estimate.byModel["modelslab:seedance-i2v"]?.usd).toBeCloseTo(7.55, 6);
    expect(estimate.byStage.media?.usd).toBeCloseTo(7.958, 6);
    // Adapt: 1,680 tokens in at $0.30/M, 504 out at $0.85/M.
    expect(estimate.byStage.adapt?.usd).toBeCloseTo(0.000932, 6);
    // Ten 90-second remote clips, four at a time.
    expect(estimate.byStage.media?.seconds).toBe(225);
    const stages = Object.values(estimate.byStage).reduce(
      (total, stage) => total + stage.seconds,
      0,
    );
    expect(estimate.estimatedSeconds).toBeCloseTo(stages, 1);
  });

  it("does not project a chapter whose media the runner already added", () => {
    const input = testInput({ ...basic, chapters: [testChapter(1)] });
    const graph = planBook(input);
    const withoutScreenplay = { ...input, screenplays: new Map() };
    expect(estimatePlan(withoutScreenplay, graph, new Set()).tasks).toBe(graph.tasks.length);
  });

  it("costs nothing offline", () => {
    const input = testInput();
    const estimate = estimatePlan(input, planBook(input), new Set());
    expect(estimate.estimatedUsd).toBe(0);
    expect(estimate.estimatedSeconds).toBeGreaterThan(0);
    // No clip tasks offline: the render draws the Ken Burns moves from the stills.
    expect(Object.keys(estimate.byModel).sort()).toEqual([
      "local:espeak",
      "local:storyboard",
      "none",
    ]);
    // render:ch01, the exports and chapter 2's projected render.
    expect(estimate.byStage.render?.tasks).toBe(3);
  });

  it("projects no clips for an unadapted chapter offline, and one render", () => {
    const input = testInput({ chapters: [testChapter(2)], screenplays: new Map() });
    const estimate = estimatePlan(input, planBook(input), new Set());
    expect(estimate.tasks).toBe(5 + 10 + 30 + 1);
    expect(estimate.byModel["local:ken-burns"]).toBeUndefined();
  });
});
