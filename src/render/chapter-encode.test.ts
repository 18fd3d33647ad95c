import { describe, expect, it } from "vitest";
import { chapterEncodeArguments } from "./chapter-encode.js";
import { renderProfile } from "./profiles.js";

const video = {
  inputs: [
    ["-i", "title-card.png"],
    ["-i", "/media/a.png"],
    ["-i", "/media/b.mp4"],
  ],
  graph: "[0:v]null[video]",
  output: "video",
};
const profile = renderProfile("16:9", "standard");
const base = {
  video,
  profile,
  audio: "norm.wav",
  metadata: "chapters.txt",
  output: "/o/c.mp4.partial",
};

const valueAfter = (args: string[], flag: string, nth = 0) =>
  args.filter((_, index) => args[index - 1] === flag)[nth];

describe("chapterEncodeArguments", () => {
  it("maps the graph's picture, the WAV, the chapter marks and the subtitle track by index", () => {
    const args = chapterEncodeArguments({ ...base, subtitles: "chapter.srt" });
    const inputs = args.filter((_, index) => args[index - 1] === "-i");
    expect(inputs).toEqual([
      "title-card.png",
      "/media/a.png",
      "/media/b.mp4",
      "norm.wav",
      "chapters.txt",
      "chapter.srt",
    ]);
    expect(args[args.indexOf("chapters.txt") - 2]).toBe("ffmetadata");
    expect(valueAfter(args, "-map", 0)).toBe("[video]");
    expect(valueAfter(args, "-map", 1)).toBe("3:a");
    expect(valueAfter(args, "-map", 2)).toBe("5:s");
    expect(valueAfter(args, "-map_chapters")).toBe("4");
    expect(valueAfter(args, "-map_metadata")).toBe("4");
    expect(valueAfter(args, "-c:s")).toBe("mov_text");
  });

  it("encodes H.264 + AAC 48 kHz with the profile's settings, faststart, to a named format", () => {
    const args = chapterEncodeArguments({ ...base, subtitles: "chapter.srt" });
    expect(valueAfter(args, "-c:v")).toBe("libx264");
    expect(valueAfter(args, "-preset")).toBe("veryfast");
    expect(valueAfter(args, "-crf")).toBe("23");
    expect(valueAfter(args, "-r")).toBe("25");
    expect(valueAfter(args, "-c:a")).toBe("aac");
    expect(valueAfter(args, "-ar")).toBe("48000");
    expect(valueAfter(args, "-movflags")).toBe("+faststart");
    expect(args.slice(-3)).toEqual(["-f", "mp4", "/o/c.mp4.partial"]);
  });

  it("leaves the subtitle track out when there are no cues", () => {
    const args = chapterEncodeArguments({ ...base, subtitles: null });
    expect(args).not.toContain("-c:s");
    expect(args.filter((arg) => arg.endsWith(":s"))).toEqual([]);
  });
});
