import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clipSeconds } from "../../../src/pipeline/executors/clip.js";
import { executorFor, materialize } from "../../../src/pipeline/executors/index.js";
import type { TaskOutput } from "../../../src/pipeline/graph.js";
import { outputHash } from "../../../src/pipeline/task-key.js";
import {
  type ExecutorFixture,
  executorFixture,
  imageParams,
  mediaTask,
  speechParams,
} from "./executor-context.js";

let fixture: ExecutorFixture;
beforeEach(async () => {
  fixture = await executorFixture();
});
afterEach(() => fixture.close());

const withHash = (output: Omit<TaskOutput, "hash">): TaskOutput => ({
  ...output,
  hash: outputHash(output),
});

function probeSeconds(path: string): number {
  const out = execFileSync("ffprobe", [
    "-v",
    "error",
    "-show_entries",
    "format=duration",
    "-of",
    "default=nw=1:nk=1",
    path,
  ]);
  return Number.parseFloat(out.toString());
}

describe("media executors on the local models", () => {
  it("draws a still, speaks two lines and animates a clip as long as the lines", async () => {
    const { context } = fixture;
    const image = mediaTask({
      id: "image:ch01-sc01-sh01",
      kind: "image",
      modality: "image",
      chain: ["local:storyboard"],
      params: imageParams("ch01-sc01-sh01"),
    });
    const still = await executorFor("image")(image, new Map(), context);
    expect(still.output.values).toEqual({ width: 320, height: 180, mediaType: "image/png" });
    expect(still).toMatchObject({ provider: "local", model: "storyboard", costUsd: 0 });
    const stillFile = context.artifacts.get(still.output.artifacts.image as string);
    expect(readFileSync(stillFile!.path).subarray(1, 4).toString()).toBe("PNG");

    const lines = ["The wind rose over the cliff.", "Nobody answered the keeper's call."];
    const speeches: TaskOutput[] = [];
    for (const [position, text] of lines.entries()) {
      const task = mediaTask({
        id: `speech:ch01-sc01-l0${position + 1}`,
        kind: "speech",
        modality: "speech",
        chain: ["local:espeak"],
        params: speechParams(`ch01-sc01-l0${position + 1}`, null, text),
      });
      const spoken = await executorFor("speech")(task, new Map(), context);
      expect(spoken).toMatchObject({ provider: "local", model: "espeak" });
      expect(spoken.output.values.mediaType).toBe("audio/wav");
      const seconds = spoken.output.values.durationSeconds as number;
      const audio = context.artifacts.get(spoken.output.artifacts.audio as string);
      expect(Math.abs(probeSeconds(audio!.path) - seconds)).toBeLessThan(0.05);
      expect((spoken.output.values.words as unknown[]).length).toBeGreaterThan(3);
      speeches.push(withHash(spoken.output));
    }

    const clip = mediaTask({
      id: "clip:ch01-sc01-sh01",
      kind: "clip",
      modality: "video",
      chain: ["local:ken-burns"],
      params: {
        shotId: "ch01-sc01-sh01",
        prompt: "slow push in",
        width: 320,
        height: 180,
        fps: 12,
        seed: 7,
        gapSeconds: 0.4,
      },
      inputs: [image.id, "speech:ch01-sc01-l01", "speech:ch01-sc01-l02"],
    });
    const inputs = new Map<string, TaskOutput>([
      [image.id, withHash(still.output)],
      ["speech:ch01-sc01-l01", speeches[0] as TaskOutput],
      ["speech:ch01-sc01-l02", speeches[1] as TaskOutput],
    ]);
    const moving = await executorFor("clip")(clip, inputs, context);
    const planned =
      (speeches[0]?.values.durationSeconds as number) +
      (speeches[1]?.values.durationSeconds as number) +
      0.4 +
      0.5;
    expect(moving.output.values.durationSeconds).toBeCloseTo(planned, 2);
    const video = context.artifacts.get(moving.output.artifacts.video as string);
    expect(video?.mediaType).toBe("video/mp4");
    expect(Math.abs(probeSeconds(video!.path) - planned)).toBeLessThan(0.15);
    expect(JSON.stringify(moving.output)).not.toContain(fixture.home);
  });

  it("makes clips at least two seconds long and checks its inputs", () => {
    const line = (seconds: number) =>
      withHash({ artifacts: {}, values: { durationSeconds: seconds } });
    expect(clipSeconds([], 0.4)).toBe(2);
    expect(clipSeconds([line(0.5)], 0.4)).toBe(2);
    expect(clipSeconds([line(2), line(3)], 0.4)).toBe(5.9);
    expect(() => clipSeconds([withHash({ artifacts: {}, values: {} })], 0.4)).toThrow(/speech/);
  });

  it("materializes under stable names, idempotently, as relative paths", async () => {
    const { context } = fixture;
    const portrait = mediaTask({
      id: "portrait:alice",
      kind: "portrait",
      modality: "image",
      chain: ["local:storyboard"],
      params: { ...imageParams("unused"), characterId: "alice" },
    });
    const result = await executorFor("portrait")(portrait, new Map(), context);
    const output = withHash(result.output);
    const first = await materialize(portrait, output, context);
    expect(first).toEqual(["media/portrait-alice.png"]);
    const path = join(context.folder, "media/portrait-alice.png");
    const inode = statSync(path).ino;
    expect(await materialize(portrait, output, context)).toEqual(first);
    expect(statSync(path).ino).toBe(inode);
    expect(readdirSync(context.mediaFolder)).toEqual(["portrait-alice.png"]);
    const cached = context.artifacts.get(output.artifacts.image as string);
    expect(readFileSync(path).equals(readFileSync(cached!.path))).toBe(true);
  });

  it("names shots and lines by id and replaces a stale file with other bytes", async () => {
    const { context } = fixture;
    const put = async (bytes: string, mediaType: string) =>
      (await context.artifacts.put(Buffer.from(bytes), mediaType)).hash;
    const still = withHash({ artifacts: { image: await put("still", "image/png") }, values: {} });
    const clip = withHash({ artifacts: { video: await put("clip", "video/mp4") }, values: {} });
    const line = withHash({ artifacts: { audio: await put("line", "audio/mpeg") }, values: {} });
    // The name comes from the task id: the params hold no ids (they are part of the key).
    const task = (kind: "image" | "clip" | "speech", id: string) =>
      mediaTask({ id: `${kind}:${id}`, kind, modality: null, chain: [], params: {} });
    expect(await materialize(task("image", "ch01-sc02-sh03"), still, context)).toEqual([
      "media/ch01-sc02-sh03.png",
    ]);
    expect(await materialize(task("clip", "ch01-sc02-sh03"), clip, context)).toEqual([
      "media/ch01-sc02-sh03.mp4",
    ]);
    const speech = task("speech", "ch01-sc02-l04");
    const target = join(context.mediaFolder, "ch01-sc02-l04.mp3");
    writeFileSync(target, "an older take");
    expect(await materialize(speech, line, context)).toEqual(["media/ch01-sc02-l04.mp3"]);
    expect(readFileSync(target, "utf8")).toBe("line");
    expect(readdirSync(context.mediaFolder).sort()).toEqual([
      "ch01-sc02-l04.mp3",
      "ch01-sc02-sh03.mp4",
      "ch01-sc02-sh03.png",
    ]);
    // A copy with the same bytes (not the cache's inode) is left as it is.
    rmSync(target);
    writeFileSync(target, "line");
    const inode = statSync(target).ino;
    await materialize(speech, line, context);
    expect(statSync(target).ino).toBe(inode);
  });
});
