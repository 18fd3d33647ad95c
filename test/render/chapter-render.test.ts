import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chapterAudioArguments } from "../../src/render/audio-graph.js";
import { renderChapter } from "../../src/render/chapter.js";
import type { ChapterRenderResult } from "../../src/render/chapter-render-types.js";
import { syntheticChapter, writeTone } from "../../src/render/chapter-test-support.js";
import { measureEbur128 } from "../../src/render/ffmpeg/loudness.js";
import { countVideoFrames, type MediaProbe, probeMedia } from "../../src/render/ffmpeg/probe.js";
import { runFfmpeg } from "../../src/render/ffmpeg/run.js";
import { testBuilds } from "../../src/render/ffmpeg/test-support.js";
import { planChapterTimeline } from "../../src/render/timeline.js";
import type { ChapterTimeline, PlannedLine } from "../../src/render/timeline-types.js";

/**
 * Issue 7's "done when" for one chapter, on both builds: a synthetic chapter (2 scenes × 2
 * shots, one of them a provider clip) rendered at the draft profile and measured with
 * ffprobe/ffmpeg. The system build also mixes a music bed; the npm build burns subtitles in.
 */

interface Cue {
  start: number;
  end: number;
}

const stamp = (text: string) => {
  const [hours, minutes, seconds] = text.replace(",", ".").split(":").map(Number);
  return (hours ?? 0) * 3600 + (minutes ?? 0) * 60 + (seconds ?? 0);
};

function parseCues(text: string): Cue[] {
  const pattern = /(\d\d:\d\d:\d\d[,.]\d{3}) --> (\d\d:\d\d:\d\d[,.]\d{3})/g;
  return [...text.matchAll(pattern)].map((match) => ({
    start: stamp(match[1] ?? ""),
    end: stamp(match[2] ?? ""),
  }));
}

const allLines = (timeline: ChapterTimeline): PlannedLine[] =>
  timeline.scenes.flatMap((scene) => scene.shots.flatMap((shot) => shot.lines));

/** silencedetect's [start, end] pairs (an unfinished silence runs to the end). */
function silences(stderr: string, total: number): Cue[] {
  const starts = [...stderr.matchAll(/silence_start: (-?[\d.]+)/g)].map((m) => Number(m[1]));
  const ends = [...stderr.matchAll(/silence_end: ([\d.]+)/g)].map((m) => Number(m[1]));
  return starts.map((start, index) => ({ start, end: ends[index] ?? total }));
}

describe.each(testBuilds())("chapter render with the $name ffmpeg", (build) => {
  const ffmpeg = build.ffmpeg ?? "";
  const ffprobe = build.ffprobe ?? "";
  const withMusic = build.name === "system";
  const burn = build.name === "npm";
  let folder = "";
  let timeline: ChapterTimeline;
  let result: ChapterRenderResult;
  let probe: MediaProbe;
  const progress: number[] = [];

  beforeAll(async () => {
    if (!build.ffmpeg) return;
    folder = await mkdtemp(join(tmpdir(), "litink-chapter-test-"));
    timeline = planChapterTimeline(await syntheticChapter(folder, ffmpeg));
    const music = join(folder, "bed.wav");
    await writeTone(music, 2.5, 110);
    const output = join(folder, "out", "chapter-01");
    result = await renderChapter({
      timeline,
      output: { mp4: `${output}.mp4`, srt: `${output}.srt`, vtt: `${output}.vtt` },
      titleCard: { title: "Chapter 1 — The Period", subtitle: "A Tale of Two Cities" },
      burnSubtitles: burn,
      music: withMusic ? music : null,
      ffmpeg,
      ffprobe,
      onProgress: (fraction) => progress.push(fraction),
      tempParent: folder,
    });
    probe = await probeMedia(result.files.mp4, { binary: ffprobe });
    process.stderr.write(
      `chapter render (${build.name}): ${timeline.duration.toFixed(3)} s planned, ` +
        `${result.measuredSeconds.toFixed(3)} s measured, ${result.ms} ms wall, ` +
        `I ${result.loudness.integrated} LUFS, TP ${result.loudness.truePeak} dBTP, ` +
        `${result.transitions}, ${result.loudness.normalization}\n`,
    );
  });
  afterAll(() => (folder ? rm(folder, { recursive: true, force: true }) : undefined));

  it.skipIf(!build.ffmpeg)("uses xfade on the system build, fade-through-black on 4.1", () => {
    expect(result.transitions).toBe(build.name === "system" ? "xfade" : "fade-through-black");
  });

  it.skipIf(!build.ffmpeg)("has exactly the planned video length (frames ÷ fps)", async () => {
    const counted = await countVideoFrames(result.files.mp4, { binary: ffprobe });
    expect(Math.abs(counted.seconds - timeline.duration)).toBeLessThanOrEqual(0.2);
    expect(counted.frames).toBe(timeline.totalFrames);
    expect(counted.frameRate).toBe(timeline.profile.fps);
    expect(result.measuredSeconds).toBeCloseTo(counted.seconds, 6);
  });

  it.skipIf(!build.ffmpeg)("has audio as long as the plan", () => {
    const audio = probe.streams.find((stream) => stream.type === "audio");
    expect(audio?.codec).toBe("aac");
    expect(audio?.sampleRate).toBe(48_000);
    expect(Math.abs((audio?.duration ?? 0) - timeline.duration)).toBeLessThanOrEqual(0.2);
  });

  it.skipIf(!build.ffmpeg)("is at −16 ± 1 LUFS with a true peak ≤ −1.5 dBTP", async () => {
    const measured = await measureEbur128(ffmpeg, result.files.mp4);
    expect(Math.abs(measured.integrated + 16)).toBeLessThanOrEqual(1);
    expect(measured.truePeak).not.toBeNull();
    expect(measured.truePeak ?? 0).toBeLessThanOrEqual(-1.5);
    expect(result.loudness.integrated).toBeCloseTo(measured.integrated, 1);
  });

  it.skipIf(!build.ffmpeg)("plans no two lines overlapping, and the audio agrees", async () => {
    const lines = allLines(timeline);
    for (const [index, line] of lines.entries()) {
      const next = lines[index + 1];
      if (next) expect(line.start + line.duration).toBeLessThan(next.start);
    }
    // The speech track as the render mixes it, before normalisation, without the music bed.
    const speech = join(folder, "speech-check.wav");
    await runFfmpeg(chapterAudioArguments(timeline, null, speech), { binary: ffmpeg });
    const { stderrLines } = await runFfmpeg(
      ["-i", speech, "-af", "silencedetect=n=-50dB:d=0.1", "-f", "null", "-"],
      { binary: ffmpeg, keepLines: 400 },
    );
    const found = silences(stderrLines, timeline.duration);
    const silentAt = (time: number) => found.some((gap) => gap.start <= time && time <= gap.end);
    // Every planned gap (and the title card) is silent; every line's middle is not.
    const gaps = [{ start: 0, end: lines[0]?.start ?? 0 }].concat(
      lines.slice(1).map((line, index) => {
        const previous = lines[index] as PlannedLine;
        return { start: previous.start + previous.duration, end: line.start };
      }),
    );
    for (const gap of gaps) {
      const covered = found.some(
        (silence) => silence.start <= gap.start + 0.03 && silence.end >= gap.end - 0.03,
      );
      expect(covered, `silence over ${gap.start.toFixed(3)}–${gap.end.toFixed(3)}`).toBe(true);
    }
    for (const line of lines) expect(silentAt(line.start + line.duration / 2)).toBe(false);
  });

  it.skipIf(!build.ffmpeg)("has one chapter mark per scene, at its start", () => {
    // The mark over the title card (MP4 chapter tracks start at 0) is not a scene's.
    const [title, ...scenes] = probe.chapters;
    expect(title).toMatchObject({ start: 0, title: "Chapter 1 — The Period" });
    expect(scenes).toHaveLength(timeline.scenes.length);
    for (const [index, scene] of timeline.scenes.entries()) {
      const mark = scenes[index];
      expect(Math.abs((mark?.start ?? -1) - scene.start)).toBeLessThanOrEqual(0.1);
      expect(mark?.title).toBe(scene.heading);
    }
  });

  it.skipIf(!build.ffmpeg)(
    "carries soft subtitles and writes SRT + VTT inside each line",
    async () => {
      expect(probe.streams.some((s) => s.type === "subtitle" && s.codec === "mov_text")).toBe(true);
      expect(existsSync(`${result.files.mp4}.partial`)).toBe(false);
      const lines = allLines(timeline);
      for (const file of [result.files.srt, result.files.vtt]) {
        const cues = parseCues(await readFile(file, "utf8"));
        const owner = (cue: Cue) =>
          lines.filter(
            (line) =>
              cue.start >= line.start - 0.05 && cue.end <= line.start + line.duration + 0.05,
          );
        for (const cue of cues) expect(owner(cue), `${file} ${cue.start}`).toHaveLength(1);
        for (const line of lines)
          expect(cues.filter((cue) => owner(cue)[0] === line).length).toBeGreaterThan(0);
      }
    },
  );

  it.skipIf(!build.ffmpeg)("decodes fully without errors", async () => {
    const decode = ["-v", "error", "-xerror", "-i", result.files.mp4];
    await expect(
      runFfmpeg([...decode, "-map", "0:v", "-map", "0:a", "-f", "null", "-"], { binary: ffmpeg }),
    ).resolves.toBeDefined();
  });

  it.skipIf(!build.ffmpeg)("leaves no temp folder and no partial output when aborted", async () => {
    const controller = new AbortController();
    const parent = join(folder, "aborted-temp");
    const output = join(folder, "aborted", "chapter-01");
    const files = { mp4: `${output}.mp4`, srt: `${output}.srt`, vtt: `${output}.vtt` };
    const render = renderChapter({
      timeline,
      output: files,
      titleCard: { title: "Aborted", subtitle: null },
      burnSubtitles: burn,
      music: null,
      ffmpeg,
      ffprobe,
      signal: controller.signal,
      // Abort once the speech is mixed, as the loudness passes start.
      onProgress: (fraction) => (fraction >= 0.05 ? controller.abort() : undefined),
      tempParent: parent,
    });
    await expect(render).rejects.toMatchObject({ name: "AbortError" });
    expect(await readdir(parent)).toEqual([]);
    expect(await readdir(join(folder, "aborted"))).toEqual([]);
  });

  it.skipIf(!build.ffmpeg)("reports progress rising to 1", () => {
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(1);
    for (const [index, value] of progress.entries())
      if (index > 0) expect(value).toBeGreaterThanOrEqual(progress[index - 1] ?? 0);
  });
});
