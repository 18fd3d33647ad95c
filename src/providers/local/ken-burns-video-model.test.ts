import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toolPresent } from "../../../test/support/cli.js";
import type { JobStart } from "../spec/index.js";
import { chooseMotion, MOTIONS } from "./ken-burns-motion.js";
import { KenBurnsVideoModel } from "./ken-burns-video-model.js";
import { StoryboardImageModel } from "./storyboard-image-model.js";

const hasTools = toolPresent("ffmpeg") && toolPresent("ffprobe");
const model = new KenBurnsVideoModel();
let folder = "";
let still = "";

interface Probe {
  codec: string;
  width: number;
  height: number;
  pixelFormat: string;
  duration: number;
}

function probe(bytes: Uint8Array): Probe {
  const path = join(folder, `probe-${Math.random().toString(36).slice(2)}.mp4`);
  writeFileSync(path, bytes);
  const result = spawnSync(
    "ffprobe",
    [
      "-v",
      "error",
      "-select_streams",
      "v:0",
      "-show_entries",
      "stream=codec_name,width,height,pix_fmt:format=duration",
      "-of",
      "json",
      path,
    ],
    { encoding: "utf8" },
  );
  const json = JSON.parse(result.stdout) as {
    streams: Array<{ codec_name: string; width: number; height: number; pix_fmt: string }>;
    format: { duration: string };
  };
  const stream = json.streams[0];
  if (!stream) throw new Error("no video stream");
  return {
    codec: stream.codec_name,
    width: stream.width,
    height: stream.height,
    pixelFormat: stream.pix_fmt,
    duration: Number(json.format.duration),
  };
}

function clip(result: JobStart): Uint8Array {
  if (result.state !== "succeeded") throw new Error("expected a finished clip");
  const data = result.outputs[0]?.data;
  if (!data) throw new Error("no video bytes");
  return data;
}

describe("Ken Burns motion choice", () => {
  it("follows a move named in the prompt, else the seed, deterministically", () => {
    expect(chooseMotion("slow pan left across the hall").name).toBe("pan-left");
    expect(chooseMotion("the camera pulls back").name).toBe("pull-out");
    expect(chooseMotion("a still", 3)).toBe(MOTIONS[3]);
    expect(chooseMotion("a still")).toBe(chooseMotion("a still"));
    const names = new Set(Array.from({ length: 20 }, (_, seed) => chooseMotion("x", seed).name));
    expect(names.size).toBe(MOTIONS.length);
  });

  it("keeps every move's window inside the picture", () => {
    for (const motion of MOTIONS)
      for (let step = 0; step <= 10; step++) {
        const progress = step / 10;
        const zoom = motion.zoomFrom + (motion.zoomTo - motion.zoomFrom) * progress;
        for (const axis of [0, 1] as const) {
          const centre =
            motion.centerFrom[axis] + (motion.centerTo[axis] - motion.centerFrom[axis]) * progress;
          expect(centre - 1 / (2 * zoom), motion.name).toBeGreaterThanOrEqual(-1e-9);
          expect(centre + 1 / (2 * zoom), motion.name).toBeLessThanOrEqual(1 + 1e-9);
        }
      }
  });
});

describe.skipIf(!hasTools)("KenBurnsVideoModel (ffmpeg)", () => {
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "litink-ken-burns-test-"));
    const frame = await new StoryboardImageModel().doStart({
      prompt: "WIDE. A ship leaves the harbour.",
      width: 480,
      height: 270,
      frame: { heading: "EXT. HARBOUR - DAWN", characters: [{ id: "ahab", name: "Ahab" }] },
    });
    if (frame.state !== "succeeded") throw new Error("no still");
    still = join(folder, "still.png");
    writeFileSync(still, frame.outputs[0]?.data ?? new Uint8Array());
  });
  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("makes an H.264 yuv420p clip of the exact size and duration", async () => {
    const result = await model.doStart({
      prompt: "slow push in",
      initImage: { path: still },
      durationSeconds: 2.2,
      width: 320,
      height: 180,
    });
    const info = probe(clip(result));
    expect(info).toMatchObject({ codec: "h264", width: 320, height: 180, pixelFormat: "yuv420p" });
    expect(Math.abs(info.duration - 2.2)).toBeLessThanOrEqual(0.1);
    if (result.state !== "succeeded") throw new Error("unreachable");
    expect(result.outputs[0]?.mediaType).toBe("video/mp4");
    expect(result.usage.videoSeconds).toBeCloseTo(2.2, 5);
    expect(result.providerCostUsd).toBeUndefined();
  });

  it("reframes a landscape still into a portrait clip at another frame rate", async () => {
    const result = await model.doStart({
      prompt: "a quiet moment",
      initImage: { path: still },
      durationSeconds: 1.5,
      width: 180,
      height: 320,
      fps: 12,
      seed: 4,
    });
    const info = probe(clip(result));
    expect([info.width, info.height]).toEqual([180, 320]);
    expect(Math.abs(info.duration - 1.5)).toBeLessThanOrEqual(0.1);
  });

  it("names a missing still as a bad request and ffmpeg's own words on failure", async () => {
    await expect(
      model.doStart({
        prompt: "",
        initImage: { path: join(folder, "nope.png") },
        durationSeconds: 1,
        width: 320,
        height: 180,
      }),
    ).rejects.toMatchObject({ failure: "bad-request" });
    const notAnImage = join(folder, "not-an-image.png");
    writeFileSync(notAnImage, "this is not a PNG");
    const failure = await model
      .doStart({
        prompt: "",
        initImage: { path: notAnImage },
        durationSeconds: 1,
        width: 320,
        height: 180,
      })
      .catch((error: unknown) => error as Error & { failure?: string });
    expect(failure).toMatchObject({ failure: "server" });
    expect((failure as Error).message).toMatch(/ffmpeg failed/);
    expect((failure as Error).message.length).toBeGreaterThan(40);
  });

  it("reports a missing ffmpeg as unavailable", async () => {
    const missing = new KenBurnsVideoModel({ ffmpegPath: join(folder, "no-such-ffmpeg") });
    await expect(
      missing.doStart({
        prompt: "",
        initImage: { path: still },
        durationSeconds: 1,
        width: 320,
        height: 180,
      }),
    ).rejects.toMatchObject({ failure: "unavailable" });
  });
});
