import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FfmpegProgress } from "./progress.js";
import { runFfmpeg, withHouseOptions } from "./run.js";
import { withTempDir } from "./temp-dir.js";
import { testBuilds } from "./test-support.js";

/** A tiny encode: 2 s of testsrc2 at 160×90, 12 fps, x264 ultrafast, thrown away. */
const TINY_ENCODE = [
  "-f",
  "lavfi",
  "-i",
  "testsrc2=s=160x90:r=12:d=2",
  "-c:v",
  "libx264",
  "-preset",
  "ultrafast",
  "-f",
  "null",
  "-",
];

describe("withHouseOptions", () => {
  it("adds the quiet flags and progress once", () => {
    expect(withHouseOptions(["-i", "a.wav"], true)).toEqual([
      "-hide_banner",
      "-nostdin",
      "-nostats",
      "-progress",
      "pipe:2",
      "-i",
      "a.wav",
    ]);
    expect(withHouseOptions(["-hide_banner", "-progress", "x", "-i", "a"], true)).toEqual([
      "-nostdin",
      "-nostats",
      "-hide_banner",
      "-progress",
      "x",
      "-i",
      "a",
    ]);
    expect(withHouseOptions([], false)).toEqual(["-hide_banner", "-nostdin", "-nostats"]);
  });
});

describe.each(testBuilds())("runFfmpeg on the $name build", (build) => {
  const binary = build.ffmpeg ?? "";

  it.skipIf(!build.ffmpeg)("reports progress and ends with done", async () => {
    const reports: FfmpegProgress[] = [];
    const result = await runFfmpeg(TINY_ENCODE, {
      binary,
      totalSeconds: 2,
      onProgress: (progress) => reports.push(progress),
    });
    const last = reports.at(-1);
    expect(last).toEqual({ outTimeSeconds: 2, frame: 24, fraction: 1, done: true });
    expect(reports.filter((report) => report.done)).toHaveLength(1);
    for (const [index, report] of reports.entries())
      expect(report.outTimeSeconds).toBeGreaterThanOrEqual(reports[index - 1]?.outTimeSeconds ?? 0);
    // Progress lines are parsed, not kept as log.
    expect(result.stderrLines).not.toMatch(/^out_time/m);
    expect(result.stderrLines).toContain("libx264");
  });

  it.skipIf(!build.ffmpeg)("judges by exit code, not by a chatty stderr", async () => {
    // Stream info and 4.1's "EOF timestamp not reliable" fill stderr; the exit code is 0.
    const result = await runFfmpeg(["-f", "lavfi", "-i", "sine=d=0.5", "-f", "null", "-"], {
      binary,
    });
    expect(result.stderrTail).toMatch(/Stream #0:0/);
    expect(result.stderrTail.split("\n").length).toBeLessThanOrEqual(20);
  });

  it.skipIf(!build.ffmpeg)("fails with RenderFailed (exit 1) keeping the stderr tail", async () => {
    const failure = await runFfmpeg(
      ["-f", "lavfi", "-i", "nullsrc=s=16x16:d=1", "-vf", "nosuchfilter", "-f", "null", "-"],
      { binary, step: "testing a broken graph" },
    ).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: "RenderFailed", exitCode: 1 });
    const message = (failure as Error).message;
    expect(message).toContain("ffmpeg failed while testing a broken graph (exit code 1)");
    expect(message).toMatch(/No such filter: 'nosuchfilter'/);
    const quoted = message.split("\n").filter((line) => line.startsWith("  | "));
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.length).toBeLessThanOrEqual(20);
    expect(message).not.toContain(process.env.PATH ?? "no PATH");
  });

  it.skipIf(!build.ffmpeg)("is killed by an abort and rejects with AbortError", async () => {
    const controller = new AbortController();
    // -re reads in real time: ten minutes unless the abort kills it.
    const running = runFfmpeg(
      ["-re", "-f", "lavfi", "-i", "testsrc2=s=160x90:r=12:d=600", "-f", "null", "-"],
      {
        binary,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      },
    );
    await expect(running).rejects.toMatchObject({ name: "AbortError" });
    expect(controller.signal.aborted).toBe(true);
  });

  it.skipIf(!build.ffmpeg)("never starts with an already aborted signal", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runFfmpeg(TINY_ENCODE, { binary, signal: controller.signal }),
    ).rejects.toMatchObject({ name: "AbortError" });
  });

  it.skipIf(!build.ffmpeg)("runs in cwd, so filters take plain file names", async () => {
    await withTempDir("litink-run-test", async (folder) => {
      await runFfmpeg(["-y", "-f", "lavfi", "-i", "sine=d=0.2", "-c:a", "pcm_s16le", "tone.wav"], {
        binary,
        cwd: folder,
      });
      expect(existsSync(join(folder, "tone.wav"))).toBe(true);
    });
  });
});

describe("a binary that cannot start", () => {
  it("is FfmpegNotFound (exit 78)", async () => {
    const failure = await runFfmpeg(["-version"], { binary: "/nonexistent/ffmpeg" }).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ name: "FfmpegNotFound", exitCode: 78 });
    expect((failure as Error).message).toContain("/nonexistent/ffmpeg: no such file");
  });
});

describe("withTempDir", () => {
  it("removes the folder after success", async () => {
    let seen = "";
    const value = await withTempDir("litink-temp-test", async (folder) => {
      seen = folder;
      await writeFile(join(folder, "a.txt"), "a");
      return 42;
    });
    expect(value).toBe(42);
    expect(seen).toMatch(/litink-temp-test-/);
    expect(existsSync(seen)).toBe(false);
  });

  it("removes the folder after a failure and rethrows it", async () => {
    let seen = "";
    await expect(
      withTempDir("litink-temp-test", async (folder) => {
        seen = folder;
        await writeFile(join(folder, "a.txt"), "a");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(existsSync(seen)).toBe(false);
  });

  it("creates its parent folder when given one", async () => {
    await withTempDir("litink-parent", async (parent) => {
      const nested = join(parent, "state", "tmp");
      await withTempDir(
        "render",
        async (folder) => {
          expect(folder.startsWith(nested)).toBe(true);
        },
        { parent: nested },
      );
      expect(existsSync(nested)).toBe(true);
    });
  });
});
