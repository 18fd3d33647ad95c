import { describe, expect, it } from "vitest";
import { renderProfile } from "../profiles.js";
import { planChapterTimeline } from "../timeline.js";
import { randomChapter } from "../timeline-test-support.js";
import type { ChapterTimeline } from "../timeline-types.js";
import { relativeUrl, timelineOtio } from "./otio.js";

interface Item {
  OTIO_SCHEMA: string;
  source_range?: { duration: { rate: number; value: number }; start_time: { value: number } };
  media_references?: {
    DEFAULT_MEDIA: { target_url: string; available_range: { duration: { value: number } } };
  };
  in_offset?: { value: number };
  out_offset?: { value: number };
}
interface Track {
  OTIO_SCHEMA: string;
  kind: string;
  children: Item[];
}

const BASE = "/out/book";
const media = (source: string) => `${BASE}/media/${source.split("/").at(-1)}`;
const videoPath = (timeline: ChapterTimeline) =>
  `${BASE}/chapter-${String(timeline.chapter).padStart(2, "0")}.mp4`;

function book(seed: number, chapters: number): ChapterTimeline[] {
  return Array.from({ length: chapters }, (_, index) => {
    const quality = seed % 2 ? "standard" : "draft";
    return planChapterTimeline({
      ...randomChapter(seed * 10 + index, renderProfile("16:9", quality)),
      chapter: index + 1,
    });
  });
}

/** Every file the plan and the render produce, as the editor should see them. */
function plannedFiles(timelines: ChapterTimeline[]): Set<string> {
  const files = new Set<string>();
  for (const timeline of timelines) {
    files.add(relativeUrl(BASE, videoPath(timeline)));
    for (const shot of timeline.scenes.flatMap((scene) => scene.shots)) {
      files.add(relativeUrl(BASE, media(shot.visual.path)));
      for (const line of shot.lines) files.add(relativeUrl(BASE, media(line.audio)));
    }
  }
  return files;
}

describe("timelineOtio", () => {
  it("fills every track to the book's exact length in frames, with relative planned URLs (100 books)", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const timelines = book(seed, 1 + (seed % 3));
      const otio = timelineOtio(timelines, {
        mediaBase: BASE,
        videoPath,
        shotMedia: media,
        name: "book",
      });
      const text = JSON.stringify(otio);
      const parsed = JSON.parse(text) as {
        OTIO_SCHEMA: string;
        tracks: { OTIO_SCHEMA: string; children: Track[] };
      };
      expect(parsed.OTIO_SCHEMA).toBe("Timeline.1");
      expect(parsed.tracks.OTIO_SCHEMA).toBe("Stack.1");
      const fps = timelines[0]?.profile.fps ?? 0;
      const totalFrames = timelines.reduce((sum, timeline) => sum + timeline.totalFrames, 0);
      expect(parsed.tracks.children.map((track) => track.kind)).toEqual(["Video", "Audio"]);
      const files = plannedFiles(timelines);
      for (const track of parsed.tracks.children) {
        expect(track.OTIO_SCHEMA).toBe("Track.1");
        // Σ Clip + Gap in the track's own units (one rate per track); transitions take no time.
        let units = 0;
        const rates = new Set<number>();
        track.children.forEach((child, index) => {
          if (child.OTIO_SCHEMA === "Transition.1") {
            // A dissolve always sits between two clips, never at a track's end.
            expect(track.children[index - 1]?.OTIO_SCHEMA).toBe("Clip.2");
            expect(track.children[index + 1]?.OTIO_SCHEMA).toBe("Clip.2");
            expect(child.in_offset?.value).toBe(0);
            return;
          }
          expect(["Clip.2", "Gap.1"]).toContain(child.OTIO_SCHEMA);
          const duration = child.source_range?.duration;
          if (!duration) throw new Error("an item without a range");
          expect(Number.isInteger(duration.value)).toBe(true);
          expect(duration.value).toBeGreaterThan(0);
          units += duration.value;
          rates.add(duration.rate);
          const reference = child.media_references?.DEFAULT_MEDIA;
          if (reference) {
            expect(reference.target_url.startsWith("/")).toBe(false);
            expect(reference.target_url).not.toMatch(/^[a-z]+:|\.\.|\\/);
            expect(files.has(reference.target_url)).toBe(true);
            expect(reference.available_range.duration.value).toBeGreaterThanOrEqual(0);
          }
        });
        expect(rates.size).toBe(1);
        const [rate] = [...rates];
        expect(rate).toBe(track.kind === "Video" ? fps : 48000);
        expect((units * fps) / (rate ?? 1)).toBe(totalFrames);
      }
      // Audio is sample-exact: Σ samples = Σ planned samples.
      const audio = parsed.tracks.children[1]?.children ?? [];
      const samples = audio.reduce(
        (sum, child) => sum + (child.source_range?.duration.value ?? 0),
        0,
      );
      expect(samples).toBe(timelines.reduce((sum, timeline) => sum + timeline.totalSamples, 0));
    }
  });

  it("places the title from the chapter MP4 and a dissolve before each scene", () => {
    const [timeline] = book(3, 1);
    if (!timeline) throw new Error("no chapter");
    const otio = timelineOtio(timeline, { mediaBase: BASE, videoPath, shotMedia: media }) as {
      tracks: { children: Track[]; markers: unknown[] };
    };
    const video = otio.tracks.children[0]?.children ?? [];
    const title = video[0]?.media_references?.DEFAULT_MEDIA;
    expect(title?.target_url).toBe("chapter-01.mp4");
    expect(video[0]?.source_range?.duration.value).toBe(timeline.titleFrames);
    expect(video.filter((child) => child.OTIO_SCHEMA === "Transition.1")).toHaveLength(
      timeline.scenes.length,
    );
    expect(video.find((child) => child.OTIO_SCHEMA === "Transition.1")?.out_offset?.value).toBe(
      timeline.transitionFrames,
    );
    expect(otio.tracks.markers).toHaveLength(1 + timeline.scenes.length);
  });

  it("refuses media outside the output folder", () => {
    const [timeline] = book(4, 1);
    if (!timeline) throw new Error("no chapter");
    expect(() => timelineOtio(timeline, { mediaBase: BASE, videoPath })).toThrow(
      /not inside the output folder/,
    );
    expect(relativeUrl(BASE, "media/x.png")).toBe("media/x.png");
    expect(() => relativeUrl(BASE, "/out/bookish/x.png")).toThrow();
  });
});
