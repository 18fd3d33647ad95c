import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./cli.js";
import {
  cachedTimelines,
  groupCues,
  type LineWindow,
  lineGaps,
  otioTrackSeconds,
  parseSrt,
  words,
} from "./render-timeline.js";

/** The render e2e checks are only as good as these readers: each must be able to say "no". */

const windows: LineWindow[] = [
  { id: "ln001", text: "Down, down, down.", start: 1, end: 2.5 },
  { id: "ln002", text: "Would the fall never come to an end?", start: 2.85, end: 5 },
];

describe("render-timeline readers", () => {
  it("parses SubRip cues, CRLF and multi-row text included", () => {
    const srt =
      "1\r\n00:00:01,000 --> 00:00:02,500\r\nDown, down,\r\ndown.\r\n\r\n2\r\n01:00:02,850 --> 01:00:05,000\r\nWould\r\n";
    expect(parseSrt(srt)).toEqual([
      { start: 1, end: 2.5, text: "Down, down, down." },
      { start: 3602.85, end: 3605, text: "Would" },
    ]);
  });

  it("groups cues by line and reports a cue 60 ms outside every window as a stray", () => {
    const inside = [
      { start: 1.04, end: 2.54, text: "Down, down, down." },
      { start: 2.85, end: 5, text: "Would the fall never come to an end?" },
    ];
    const grouped = groupCues(inside, windows, 0.05);
    expect(grouped.strays).toEqual([]);
    expect(grouped.groups.map((group) => group.length)).toEqual([1, 1]);
    const late = { start: 2.8, end: 5.06, text: "late" };
    expect(groupCues([late], windows, 0.05).strays).toEqual([late]);
    expect(words(grouped.groups[0]?.[0]?.text ?? "")).toBe("down down down");
  });

  it("finds the gap between two lines, negative when they overlap", () => {
    expect(lineGaps(windows)).toEqual([{ after: "ln001", start: 2.5, end: 2.85 }]);
    const overlapping = [windows[0] as LineWindow, { ...(windows[1] as LineWindow), start: 2.4 }];
    const [gap] = lineGaps(overlapping);
    expect((gap?.end ?? 0) < (gap?.start ?? 0)).toBe(true);
  });

  it("sums OTIO Clip and Gap ranges per track, ignoring transitions", () => {
    const folder = tempDir("litink-otio-");
    const range = (value: number) => ({ duration: { value, rate: 12 } });
    const otio = {
      tracks: {
        children: [
          {
            kind: "Video",
            children: [
              { OTIO_SCHEMA: "Clip.2", source_range: range(24) },
              { OTIO_SCHEMA: "Transition.1", source_range: range(6) },
              { OTIO_SCHEMA: "Gap.1", source_range: range(6) },
            ],
          },
          { kind: "Audio", children: [{ OTIO_SCHEMA: "Clip.2", source_range: range(12) }] },
        ],
      },
    };
    writeFileSync(join(folder, "t.otio"), JSON.stringify(otio));
    expect(otioTrackSeconds(join(folder, "t.otio"))).toEqual({ Video: 2.5, Audio: 1 });
  });

  it("finds cached timelines by shape and refuses two of one chapter", () => {
    const home = tempDir("litink-cache-");
    mkdirSync(join(home, "cache", "ab"), { recursive: true });
    const plan = { chapter: 3, scenes: [], totalFrames: 12 };
    writeFileSync(join(home, "cache", "ab", "ab1.json"), JSON.stringify(plan));
    writeFileSync(join(home, "cache", "ab", "ab2.json"), JSON.stringify({ other: true }));
    expect([...cachedTimelines(home).keys()]).toEqual([3]);
    writeFileSync(join(home, "cache", "ab", "ab3.json"), JSON.stringify(plan));
    expect(() => cachedTimelines(home)).toThrow(/two cached timelines of chapter 3/);
  });
});
