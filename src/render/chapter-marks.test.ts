import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { locateTool } from "../system/executables.js";
import { chapterMarks, chapterMetadata, escapeMetadata } from "./chapter-marks.js";
import { renderProfile } from "./profiles.js";
import { planChapterTimeline } from "./timeline.js";
import type { TimelineInput } from "./timeline-types.js";

const HEADINGS = ["INT. KITCHEN; NIGHT", "EXT. a=b #2 \\ road\nlater", ""];

function chapter(): TimelineInput {
  return {
    chapter: 1,
    title: "Test",
    profile: renderProfile("16:9", "standard"),
    scenes: HEADINGS.map((heading, index) => ({
      id: `s${index + 1}`,
      heading,
      shots: [
        {
          id: `s${index + 1}-shot1`,
          visual: { kind: "clip" as const, path: `/a/${index}.mp4`, seconds: null },
          lines: [
            {
              id: `l${index}`,
              speaker: "N",
              text: "x",
              audio: `/a/l${index}.wav`,
              duration: 1.7 + index,
              words: [],
            },
          ],
        },
      ],
    })),
  };
}

describe("chapter marks", () => {
  it("puts one mark per scene at its start, ending at the next, the last at the chapter's end", () => {
    const timeline = planChapterTimeline(chapter());
    const marks = chapterMarks(timeline);
    expect(marks.map((mark) => mark.startMs)).toEqual(
      timeline.scenes.map((scene) => scene.start * 1000),
    );
    expect(marks.map((mark) => mark.title)).toEqual([HEADINGS[0], HEADINGS[1], "Scene 3"]);
    expect(marks[0]?.endMs).toBe(marks[1]?.startMs);
    expect(marks.at(-1)?.endMs).toBe(timeline.duration * 1000);
    const withTitle = chapterMarks(timeline, { titleMark: "Title" });
    expect(withTitle[0]).toEqual({ title: "Title", startMs: 0, endMs: 2000 });
    expect(withTitle).toHaveLength(4);
  });

  it("escapes = ; # \\ and newlines", () => {
    expect(escapeMetadata("a=b;c#d\\e\nf\r\ng")).toBe("a\\=b\\;c\\#d\\\\e\\\nf\\\ng");
    const text = chapterMetadata(planChapterTimeline(chapter()), { fileTitle: "Chapter 1 — A=B" });
    expect(
      text.startsWith(
        ";FFMETADATA1\ntitle=Chapter 1 — A\\=B\n\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=2000\n",
      ),
    ).toBe(true);
    expect(text).toContain("title=INT. KITCHEN\\; NIGHT\n");
    expect(text).toContain("title=EXT. a\\=b \\#2 \\\\ road\\\nlater\n");
  });

  it("reads back through ffmpeg with the same titles and times", () => {
    const ffmpeg = locateTool("ffmpeg");
    const ffprobe = locateTool("ffprobe");
    if (!ffmpeg || !ffprobe) {
      if (process.env.CI === "true") throw new Error("ffmpeg/ffprobe are required in CI");
      process.stderr.write(
        "skipping a test: ffmpeg/ffprobe not found (LITINK_FFMPEG, PATH or npm)\n",
      );
      return;
    }
    const folder = mkdtempSync(join(tmpdir(), "litink-marks-"));
    try {
      const timeline = planChapterTimeline(chapter());
      writeFileSync(
        join(folder, "chapters.txt"),
        chapterMetadata(timeline, { titleMark: "Title" }),
      );
      const output = join(folder, "marks.mka");
      const made = spawnSync(
        ffmpeg.path,
        [
          "-hide_banner",
          "-nostdin",
          "-y",
          // 4.1 (npm) has no anullsrc `d=`: the output's -t bounds it instead.
          "-f",
          "lavfi",
          "-i",
          "anullsrc=r=8000:cl=mono",
          "-f",
          "ffmetadata",
          "-i",
          join(folder, "chapters.txt"),
          "-map",
          "0:a",
          "-map_chapters",
          "1",
          "-c:a",
          "pcm_s16le",
          "-t",
          String(timeline.duration),
          output,
        ],
        { encoding: "utf8" },
      );
      expect(made.status, made.stderr).toBe(0);
      const probed = spawnSync(
        ffprobe.path,
        ["-v", "error", "-show_chapters", "-of", "json", output],
        { encoding: "utf8" },
      );
      const chapters = (
        JSON.parse(probed.stdout) as {
          chapters: Array<{ start_time: string; tags?: { title?: string } }>;
        }
      ).chapters;
      expect(chapters.map((found) => found.tags?.title)).toEqual([
        "Title",
        HEADINGS[0],
        HEADINGS[1],
        "Scene 3",
      ]);
      const starts = chapters.map((found) => Number(found.start_time));
      expect(starts).toEqual([0, ...timeline.scenes.map((scene) => scene.start)]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
