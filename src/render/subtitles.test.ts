import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { locateTool } from "../system/executables.js";
import { renderProfile } from "./profiles.js";
import { lineCues, SUBTITLE_LIMITS, subtitleCues, toSrt, toWebVtt } from "./subtitles.js";
import { planChapterTimeline } from "./timeline.js";
import { randomChapter, spreadWords } from "./timeline-test-support.js";
import type { PlannedLine } from "./timeline-types.js";

interface ReadCue {
  start: number;
  end: number;
  rows: string[];
}

/** A small reader for what we write: `HH:MM:SS,mmm --> HH:MM:SS,mmm` (or `.`) then rows. */
function readCues(text: string): ReadCue[] {
  const time = String.raw`(\d{2}):(\d{2}):(\d{2})[,.](\d{3})`;
  const pattern = new RegExp(`^${time} --> ${time}\\n((?:.+\\n?)+)`, "gm");
  const seconds = (parts: string[]) => {
    const [hours, minutes, whole, ms] = parts.map(Number) as [number, number, number, number];
    return hours * 3600 + minutes * 60 + whole + ms / 1000;
  };
  return [...text.matchAll(pattern)].map((match) => ({
    start: seconds(match.slice(1, 5)),
    end: seconds(match.slice(5, 9)),
    rows: (match[9] ?? "").trimEnd().split("\n"),
  }));
}

function line(text: string, start: number, duration: number, words = false): PlannedLine {
  return {
    id: "l1",
    speaker: "NARRATOR",
    text,
    audio: "/a/l1.wav",
    startSample: Math.round(start * 48000),
    samples: Math.round(duration * 48000),
    start,
    duration,
    words: words ? spreadWords(text, duration) : [],
  };
}

const columns = (row: string) =>
  Array.from(row).reduce(
    (sum, character) => sum + (/[\u3000-\u9fff\uff00-\uff60]/.test(character) ? 2 : 1),
    0,
  );

describe("subtitles", () => {
  it("keeps every cue inside its line's audio, ≤ 2 rows × 42, in order (200 random chapters)", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const profile = renderProfile(seed % 2 ? "16:9" : "1:1", seed % 3 ? "standard" : "draft");
      const timeline = planChapterTimeline(randomChapter(seed, profile));
      const lines = new Map(
        timeline.scenes.flatMap((s) =>
          s.shots.flatMap((shot) => shot.lines.map((l) => [l.id, l] as const)),
        ),
      );
      const cues = subtitleCues(timeline);
      // One cue group per line, in the lines' order.
      const groups = cues
        .map((cue) => cue.lineId)
        .filter((id, index, all) => all[index - 1] !== id);
      const spoken = [...lines.values()].filter((planned) => planned.text.trim() !== "");
      expect(groups).toEqual(spoken.map((planned) => planned.id));
      for (const format of [toSrt(cues), toWebVtt(cues)]) {
        const read = readCues(format);
        expect(read).toHaveLength(cues.length);
        read.forEach((cue, index) => {
          const planned = lines.get(cues[index]?.lineId ?? "");
          if (!planned) throw new Error("cue without a line");
          expect(cue.start).toBeGreaterThanOrEqual(planned.start - 0.001);
          expect(cue.end).toBeLessThanOrEqual(planned.start + planned.duration + 0.001);
          expect(cue.end).toBeGreaterThan(cue.start - 0.001);
          expect(cue.end - cue.start).toBeLessThanOrEqual(SUBTITLE_LIMITS.cueSeconds + 0.001);
          expect(cue.rows.length).toBeLessThanOrEqual(2);
          for (const row of cue.rows) expect(row.length).toBeLessThanOrEqual(42);
          const next = read[index + 1];
          if (next) expect(next.start).toBeGreaterThanOrEqual(cue.end);
        });
      }
      // No word lost or reordered.
      for (const planned of lines.values()) {
        const said = cues
          .filter((cue) => cue.lineId === planned.id)
          .flatMap((cue) => cue.rows)
          .join(" ");
        expect(said).toBe(planned.text.split(/\s+/).filter(Boolean).join(" "));
      }
    }
  });

  it("splits a CJK line (no spaces) by characters, 21 wide characters per row at most", () => {
    const text =
      "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。";
    const cues = lineCues(line(text, 2, 12));
    expect(cues.length).toBeGreaterThan(1);
    expect(cues.flatMap((cue) => cue.rows).join("")).toBe(text);
    for (const cue of cues) {
      expect(cue.rows.length).toBeLessThanOrEqual(2);
      for (const row of cue.rows) {
        expect(row).not.toContain(" ");
        expect(columns(row)).toBeLessThanOrEqual(42);
        expect(row.startsWith("。")).toBe(false); // punctuation stays with its character
      }
    }
    expect(cues[0]?.start).toBe(2);
    expect(cues.at(-1)?.end).toBe(14);
  });

  it("cuts a very long line into ≤ 7 s cues that tile its window, balanced rows", () => {
    const text = Array.from(
      { length: 12 },
      () => "It was the best of times, it was the worst of times.",
    ).join(" ");
    const cues = lineCues(line(text, 10, 60));
    expect(cues.length).toBeGreaterThanOrEqual(9); // 60 s / 7 s
    expect(cues[0]?.start).toBe(10);
    expect(cues.at(-1)?.end).toBe(70);
    cues.forEach((cue, index) => {
      expect(cue.end - cue.start).toBeLessThanOrEqual(7);
      if (index > 0) expect(cue.start).toBe(cues[index - 1]?.end); // no flicker inside a line
      const [top, bottom] = cue.rows;
      if (top && bottom) expect(Math.abs(top.length - bottom.length)).toBeLessThanOrEqual(12);
    });
  });

  it("cuts a word longer than a row instead of overflowing it", () => {
    const word = "x".repeat(100);
    const cues = lineCues(line(`see ${word} now`, 0, 4));
    const shown = cues.flatMap((cue) => cue.rows).join("");
    expect(shown.replaceAll(" ", "")).toBe(`see${word}now`);
    for (const row of cues.flatMap((cue) => cue.rows)) expect(row.length).toBeLessThanOrEqual(42);
  });

  it("keeps a 0.6 s 'No.' as one 0.6 s cue (the window beats the readability minimum)", () => {
    const cues = lineCues(line("No.", 13.7, 0.6));
    expect(cues).toEqual([{ lineId: "l1", start: 13.7, end: 13.7 + 0.6, rows: ["No."] }]);
    expect(toSrt(cues)).toBe("1\n00:00:13,700 --> 00:00:14,300\nNo.\n");
  });

  it("starts cues on the provider's word timings when it gives them", () => {
    const text =
      "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen";
    const planned = line(text, 1, 16, true);
    const wordStarts = new Set(planned.words.map((word) => Math.round((1 + word.start) * 1e6)));
    const cues = lineCues(planned);
    expect(cues.length).toBeGreaterThan(1);
    for (const cue of cues.slice(1)) expect(wordStarts.has(Math.round(cue.start * 1e6))).toBe(true);
  });

  it("merges a short trailing cue into its neighbour when the text fits", () => {
    // The sentence end splits after 52 characters; "Yes." alone would flash for 0.26 s.
    const text = "This is a rather long first sentence that ends here. Yes.";
    const cues = lineCues(line(text, 0, 3));
    expect(cues).toHaveLength(1);
    expect(cues[0]?.rows).toEqual(["This is a rather long first", "sentence that ends here. Yes."]);
    expect([cues[0]?.start, cues[0]?.end]).toEqual([0, 3]);
    // Without room to merge (7 s cap), the pieces stay apart.
    const long = line("a slow start end.", 0, 7.5);
    long.words = [
      { word: "a", start: 0, end: 0.5 },
      { word: "slow", start: 0.5, end: 3 },
      { word: "start", start: 3, end: 6.4 },
      { word: "end.", start: 7.2, end: 7.5 },
    ];
    expect(lineCues(long).map((cue) => [cue.start, cue.end, cue.rows])).toEqual([
      [0, 7, ["a slow start"]],
      [7.2, 7.5, ["end."]],
    ]);
  });

  it("writes SRT and WebVTT stamps and escapes WebVTT text", () => {
    const cues = [{ lineId: "l1", start: 3661.5, end: 3662.25, rows: ["a < b & c --> d"] }];
    expect(toSrt(cues)).toBe("1\n01:01:01,500 --> 01:01:02,250\na < b & c → d\n");
    expect(toWebVtt(cues)).toBe(
      "WEBVTT\n\n01:01:01.500 --> 01:01:02.250\na &lt; b &amp; c --&gt; d\n",
    );
  });

  it("is read by ffmpeg (SRT and WebVTT) with the same cues", () => {
    const ffmpeg = locateTool("ffmpeg");
    if (!ffmpeg) {
      if (process.env.CI === "true") throw new Error("ffmpeg is required in CI");
      process.stderr.write("skipping a test: ffmpeg not found (LITINK_FFMPEG, PATH or npm)\n");
      return;
    }
    const cues = [
      ...lineCues(
        line(
          "It was the best of times, it was the worst of times, it was the age of wisdom.",
          2,
          6,
        ),
      ),
      ...lineCues({ ...line("a < b & c --> d", 9, 1.5), id: "l2" }),
      ...lineCues({ ...line("吾輩は猫である。名前はまだ無い。", 11, 3), id: "l3" }),
    ];
    const folder = mkdtempSync(join(tmpdir(), "litink-cues-"));
    try {
      for (const [name, text] of [
        ["cues.srt", toSrt(cues)],
        ["cues.vtt", toWebVtt(cues)],
      ] as const) {
        writeFileSync(join(folder, name), text);
        const converted = spawnSync(
          ffmpeg.path,
          ["-hide_banner", "-nostdin", "-i", join(folder, name), "-f", "srt", "-"],
          {
            encoding: "utf8",
          },
        );
        expect(converted.status, converted.stderr).toBe(0);
        const read = readCues(converted.stdout);
        expect(read.map((cue) => [cue.start, cue.end])).toEqual(
          readCues(toSrt(cues)).map((cue) => [cue.start, cue.end]),
        );
        expect(read[1]?.rows.join(" ")).toContain("a < b & c");
        expect(read.at(-1)?.rows.join("")).toContain("名前はまだ無い");
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
