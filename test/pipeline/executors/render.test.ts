import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { materialize } from "../../../src/pipeline/executors/index.js";
import { type RenderChapter, renderExecutor } from "../../../src/pipeline/executors/render.js";
import type { TaskOutput } from "../../../src/pipeline/graph.js";
import { renderTask } from "../../../src/pipeline/plan-render.js";
import { testBible, testInput, testScreenplay } from "../../../src/pipeline/plan-test-support.js";
import { renderedOf } from "../../../src/pipeline/report-render.js";
import { outputHash } from "../../../src/pipeline/task-key.js";
import type { ChapterRenderRequest } from "../../../src/render/chapter-render-types.js";
import { type ExecutorFixture, executorFixture } from "./executor-context.js";

/**
 * The render executor without ffmpeg: a fake `renderChapter` records the request it gets and
 * writes three small files, so what is tested is the pipeline's side — the timeline built from
 * the task's params and its inputs' outputs, the artifacts, the progress events, the names in
 * the book folder and the report's chapter entry.
 */

let fixture: ExecutorFixture;
beforeEach(async () => {
  // Any existing file will do: the fake render never runs them.
  fixture = await executorFixture({
    LITINK_FFMPEG: process.execPath,
    LITINK_FFPROBE: process.execPath,
  });
});
afterEach(() => fixture.close());

const withHash = (output: Omit<TaskOutput, "hash">): TaskOutput => ({
  ...output,
  hash: outputHash(output),
});

async function chapterInputs(durations: ReadonlyMap<string, number>) {
  const { artifacts } = fixture.context;
  const screenplay = testScreenplay(1);
  const inputs = new Map<string, TaskOutput>();
  for (const scene of screenplay.scenes) {
    for (const shot of scene.shots) {
      const still = await artifacts.put(new TextEncoder().encode(`png ${shot.id}`), "image/png");
      inputs.set(`image:${shot.id}`, withHash({ artifacts: { image: still.hash }, values: {} }));
    }
    for (const line of scene.lines) {
      const audio = await artifacts.put(new TextEncoder().encode(`wav ${line.id}`), "audio/wav");
      inputs.set(
        `speech:${line.id}`,
        withHash({
          artifacts: { audio: audio.hash },
          values: {
            durationSeconds: durations.get(line.id) ?? 1.5,
            words: [{ word: "Alice", start: 0, end: 0.4 }, { bad: true }],
          },
        }),
      );
    }
  }
  return { screenplay, inputs };
}

function fakeRender(requests: ChapterRenderRequest[]): () => Promise<RenderChapter> {
  return async () => async (request) => {
    requests.push(request);
    request.onProgress?.(0.001);
    request.onProgress?.(0.01);
    request.onProgress?.(0.5);
    request.onProgress?.(1);
    writeFileSync(request.output.mp4, "mp4 bytes");
    writeFileSync(request.output.srt, "1\n00:00:01,000 --> 00:00:02,000\nAlice\n");
    writeFileSync(request.output.vtt, "WEBVTT\n");
    return {
      files: request.output,
      loudness: { integrated: -16.1, truePeak: -2.4, normalization: "linear" },
      transitions: "fade-through-black",
      plannedSeconds: request.timeline.duration,
      measuredSeconds: request.timeline.duration,
      ms: 1234.4,
    };
  };
}

describe("render executor", () => {
  it("plans the chapter from its inputs, renders once and names the files after the chapter", async () => {
    const durations = new Map([["ch01-sc01-l01", 2.25]]);
    const { screenplay, inputs } = await chapterInputs(durations);
    const input = testInput({ quality: "draft", render: { burnSubtitles: true, music: null } });
    const task = { ...renderTask(input, screenplay, testBible()), key: "key-render-1" };
    const requests: ChapterRenderRequest[] = [];
    const result = await renderExecutor(fakeRender(requests))(task, inputs, fixture.context);

    expect(requests).toHaveLength(1);
    const request = requests[0] as ChapterRenderRequest;
    expect(request).toMatchObject({
      burnSubtitles: true,
      music: null,
      ffmpeg: process.execPath,
      titleCard: { title: "Chapter 1", subtitle: "Test" },
    });
    const { timeline } = request;
    expect(timeline.profile).toMatchObject({ width: 320, height: 180, fps: 12 });
    expect(timeline.scenes.map((scene) => scene.heading)).toEqual([
      "EXT. RIVERBANK - DAY",
      "INT. RABBIT HOLE - CONTINUOUS",
    ]);
    const first = timeline.scenes[0]?.shots[0];
    expect(first?.visual.kind).toBe("still");
    expect(first?.lines.map((line) => [line.id, line.duration])).toEqual([
      ["ch01-sc01-l01", 2.25],
      ["ch01-sc01-l02", 1.5],
    ]);
    // Malformed word timings are dropped, good ones kept.
    expect(first?.lines[0]?.words).toEqual([{ word: "Alice", start: 0, end: 0.4 }]);
    expect(existsSync(first?.lines[0]?.audio ?? "")).toBe(true);

    expect(Object.keys(result.output.artifacts).sort()).toEqual([
      "srt",
      "timeline",
      "video",
      "vtt",
    ]);
    expect(result.output.values).toMatchObject({
      transitions: "fade-through-black",
      renderMs: 1234,
      scenes: 2,
      fileBase: "chapter-01-chapter-1",
      loudness: { integrated: -16.1 },
    });
    const progress = fixture.events.filter((event) => event.type === "task-progress");
    // Throttled: 0.01 is too close to 0.001 to be news.
    expect(progress.map((event) => event.fraction)).toEqual([0.001, 0.5, 1]);
    expect(progress[0]).toMatchObject({ task: "render:ch01", stage: "render", chapter: 1 });

    const output = withHash(result.output);
    const files = await materialize(task, output, fixture.context);
    expect(files).toEqual([
      "chapter-01-chapter-1.mp4",
      "chapter-01-chapter-1.srt",
      "chapter-01-chapter-1.vtt",
    ]);
    const folder = fixture.context.folder;
    expect(readFileSync(join(folder, "chapter-01-chapter-1.srt"), "utf8")).toContain("Alice");

    const rendered = renderedOf(
      { graph: { tasks: [task], dependencies: [] }, outputs: new Map([[task.id, output]]) },
      folder,
    );
    expect(rendered.chapters).toEqual([
      expect.objectContaining({
        chapter: 1,
        file: join(folder, "chapter-01-chapter-1.mp4"),
        transitions: "fade-through-black",
        renderMs: 1234,
      }),
    ]);
    expect(rendered.files).toHaveLength(3);
    // Chapter 2 adapted (and so planned) first: the report still reads in chapter order.
    const later = { ...task, id: "render:ch02", chapter: 2 };
    const both = renderedOf(
      {
        graph: { tasks: [later, task], dependencies: [] },
        outputs: new Map([
          [later.id, output],
          [task.id, output],
        ]),
      },
      folder,
    );
    expect(both.chapters.map((chapter) => chapter.chapter)).toEqual([1, 2]);
  });

  it("fails clearly when a line's speech or a still is missing", async () => {
    const { screenplay, inputs } = await chapterInputs(new Map());
    const task = { ...renderTask(testInput(), screenplay, testBible()), key: "key-render-2" };
    const execute = renderExecutor(fakeRender([]));
    const noSpeech = new Map(inputs);
    noSpeech.delete("speech:ch01-sc01-l03");
    await expect(execute(task, noSpeech, fixture.context)).rejects.toThrow(/speech:ch01-sc01-l03/);
    const noStill = new Map(inputs);
    noStill.set(
      "image:ch01-sc02-sh01",
      withHash({ artifacts: { image: "0".repeat(64) }, values: {} }),
    );
    await expect(execute(task, noStill, fixture.context)).rejects.toThrow(/missing from the cache/);
  });
});
