import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audioDuration, countVideoFrames, parseProbeJson, probeMedia } from "./probe.js";
import { runFfmpeg } from "./run.js";
import { testBuilds } from "./test-support.js";

// `=` in a title must be escaped in FFMETADATA; the probe must read it back unescaped.
const CHAPTERS = `;FFMETADATA1
title=Chapter 1
[CHAPTER]
TIMEBASE=1/1000
START=0
END=1250
title=Scene 1
[CHAPTER]
TIMEBASE=1/1000
START=1250
END=3000
title=Scene \\= two
`;

describe("parseProbeJson", () => {
  it("turns ffprobe's strings into numbers and unknowns into null", () => {
    const probed = parseProbeJson(
      JSON.stringify({
        streams: [
          {
            index: 0,
            codec_type: "video",
            codec_name: "h264",
            duration: "N/A",
            r_frame_rate: "30000/1001",
            nb_frames: "30",
          },
          {
            index: 1,
            codec_type: "audio",
            codec_name: "aac",
            duration: "2.5",
            sample_rate: "48000",
            r_frame_rate: "0/0",
          },
        ],
        chapters: [
          { start_time: "0.000000", end_time: "1.5", tags: { title: "A" } },
          { start_time: "1.5", end_time: "3" },
        ],
        format: { duration: "3.000000" },
      }),
    );
    expect(probed.duration).toBe(3);
    expect(probed.streams[0]).toMatchObject({ type: "video", duration: null, frames: 30 });
    expect(probed.streams[0]?.frameRate).toBeCloseTo(29.97, 2);
    expect(probed.streams[1]).toMatchObject({
      type: "audio",
      codec: "aac",
      duration: 2.5,
      frameRate: null,
      sampleRate: 48000,
    });
    expect(probed.chapters).toEqual([
      { start: 0, end: 1.5, title: "A" },
      { start: 1.5, end: 3, title: null },
    ]);
  });

  it("reads an empty answer as nothing", () => {
    expect(parseProbeJson("{}")).toEqual({ duration: null, streams: [], chapters: [] });
  });
});

describe.each(testBuilds())("probing files written by the $name build", (build) => {
  const present = Boolean(build.ffmpeg && build.ffprobe);
  const ffmpeg = build.ffmpeg ?? "";
  const options = { binary: build.ffprobe ?? "" };
  let folder = "";

  beforeAll(async () => {
    if (!present) return;
    folder = await mkdtemp(join(tmpdir(), "litink-probe-test-"));
    await writeFile(join(folder, "chapters.txt"), CHAPTERS);
    await runFfmpeg(
      [
        "-y",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=160x90:r=12:d=3",
        "-f",
        "lavfi",
        "-i",
        "sine=d=3",
        "-f",
        "ffmetadata",
        "-i",
        "chapters.txt",
        "-map",
        "0:v",
        "-map",
        "1:a",
        "-map_metadata",
        "2",
        "-map_chapters",
        "2",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-ar",
        "48000",
        "-movflags",
        "+faststart",
        "out.mp4",
      ],
      { binary: ffmpeg, cwd: folder },
    );
    await runFfmpeg(
      ["-y", "-f", "lavfi", "-i", "sine=d=1.5:sample_rate=48000", "-c:a", "pcm_s16le", "line.wav"],
      { binary: ffmpeg, cwd: folder },
    );
  });

  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it.skipIf(!present)("reads streams, duration and chapter marks of an MP4", async () => {
    const probed = await probeMedia(join(folder, "out.mp4"), options);
    expect(probed.chapters).toEqual([
      { start: 0, end: 1.25, title: "Scene 1" },
      { start: 1.25, end: 3, title: "Scene = two" },
    ]);
    const video = probed.streams.find((stream) => stream.type === "video");
    const audio = probed.streams.find((stream) => stream.type === "audio");
    expect(video).toMatchObject({ codec: "h264", frameRate: 12, frames: 36 });
    expect(audio).toMatchObject({ codec: "aac", sampleRate: 48000 });
    expect(audio?.duration).toBeCloseTo(3, 1);
    expect(probed.duration).toBeCloseTo(3, 1);
  });

  it.skipIf(!present)("counts decoded video frames", async () => {
    expect(await countVideoFrames(join(folder, "out.mp4"), options)).toEqual({
      frames: 36,
      frameRate: 12,
      seconds: 3,
    });
  });

  it.skipIf(!present)("measures audio length to the sample", async () => {
    expect(await audioDuration(join(folder, "line.wav"), options)).toBe(1.5);
  });

  it.skipIf(!present)("fails with RenderFailed for a file that is not media", async () => {
    await writeFile(join(folder, "not-media.mp4"), "hello");
    const failure = await probeMedia(join(folder, "not-media.mp4"), options).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ name: "RenderFailed", exitCode: 1 });
    expect((failure as Error).message).toContain("ffprobe failed while probing");
  });
});
