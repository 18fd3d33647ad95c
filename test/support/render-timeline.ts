import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ChapterTimeline } from "../../src/render/timeline-types.js";

/**
 * Pure readers for the render's e2e checks: the planned timelines the render task cached, the
 * line windows and gaps they imply, SubRip cues, and OTIO track lengths. The measurements
 * (ffmpeg/ffprobe) live in render-measure.ts; this file only reads and compares.
 */

/** A voice line's audio window, in seconds from the chapter's start. */
export interface LineWindow {
  id: string;
  text: string;
  start: number;
  end: number;
}

export interface Cue {
  start: number;
  end: number;
  text: string;
}

/**
 * Every chapter timeline in a LITINK_HOME's artifact cache (the render task stores its plan
 * there as JSON; see src/pipeline/executors/render.ts), by chapter. Two plans of one chapter
 * (a re-render) are ambiguous: the caller runs generate once per home.
 */
export function cachedTimelines(home: string): Map<number, ChapterTimeline> {
  const cache = join(home, "cache");
  const found = new Map<number, ChapterTimeline>();
  if (!existsSync(cache)) return found;
  for (const shard of readdirSync(cache))
    for (const name of readdirSync(join(cache, shard)).filter((each) => each.endsWith(".json"))) {
      const json = JSON.parse(readFileSync(join(cache, shard, name), "utf8")) as ChapterTimeline;
      if (typeof json.totalFrames !== "number" || !Array.isArray(json.scenes)) continue;
      if (found.has(json.chapter))
        throw new Error(`two cached timelines of chapter ${json.chapter}`);
      found.set(json.chapter, json);
    }
  return found;
}

/** The lines in play order, each as the window its audio fills. */
export function lineWindows(timeline: ChapterTimeline): LineWindow[] {
  return timeline.scenes.flatMap((scene) =>
    scene.shots.flatMap((shot) =>
      shot.lines.map((line) => ({
        id: line.id,
        text: line.text,
        start: line.start,
        end: line.start + line.duration,
      })),
    ),
  );
}

/** The silence planned between each line and the next (negative when they overlap). */
export function lineGaps(
  windows: LineWindow[],
): Array<{ after: string; start: number; end: number }> {
  return windows.slice(1).map((next, index) => {
    const previous = windows[index] as LineWindow;
    return { after: previous.id, start: previous.end, end: next.start };
  });
}

/** SubRip cues: "HH:MM:SS,mmm --> HH:MM:SS,mmm" then text up to a blank line. */
export function parseSrt(text: string): Cue[] {
  const seconds = (stamp: string) => {
    const [hours, minutes, rest] = stamp.split(":");
    return Number(hours) * 3600 + Number(minutes) * 60 + Number((rest ?? "").replace(",", "."));
  };
  return text
    .replace(/\r\n/g, "\n")
    .split(/\n{2,}/)
    .map((block) => block.trim().split("\n"))
    .filter((rows) => rows.length >= 2)
    .map((rows) => {
      const timing = rows.findIndex((row) => row.includes("-->"));
      const [from, to] = (rows[timing] ?? "").split("-->").map((part) => part.trim());
      return {
        start: seconds(from ?? ""),
        end: seconds(to ?? ""),
        text: rows.slice(timing + 1).join(" "),
      };
    });
}

/**
 * Each cue goes to the line whose window (widened by `tolerance`) holds it whole; a cue no
 * line holds is a stray. The caller expects one non-empty group per line and no strays.
 */
export function groupCues(
  cues: Cue[],
  windows: LineWindow[],
  tolerance: number,
): { groups: Cue[][]; strays: Cue[] } {
  const groups: Cue[][] = windows.map(() => []);
  const strays: Cue[] = [];
  for (const cue of cues) {
    const owner = windows.findIndex(
      (window) => cue.start >= window.start - tolerance && cue.end <= window.end + tolerance,
    );
    if (owner < 0) strays.push(cue);
    else groups[owner]?.push(cue);
  }
  return { groups, strays };
}

/** Words only, lower case: cue text re-wrapped and escaped still matches its line. */
export const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

interface OtioItem {
  OTIO_SCHEMA: string;
  source_range?: { duration: { value: number; rate: number } };
}

/** Seconds per OTIO track kind: the Clip and Gap source ranges summed (transitions add none). */
export function otioTrackSeconds(otioFile: string): Record<string, number> {
  const otio = JSON.parse(readFileSync(otioFile, "utf8")) as {
    tracks: { children: Array<{ kind: string; children: OtioItem[] }> };
  };
  const seconds: Record<string, number> = {};
  for (const track of otio.tracks.children)
    seconds[track.kind] = track.children
      .filter((item) => /^(Clip|Gap)\./.test(item.OTIO_SCHEMA))
      .reduce((sum, item) => {
        const duration = item.source_range?.duration;
        return sum + (duration ? duration.value / duration.rate : 0);
      }, 0);
  return seconds;
}
