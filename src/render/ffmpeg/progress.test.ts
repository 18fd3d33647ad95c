import { describe, expect, it } from "vitest";
import { isProgressLine, ProgressParser } from "./progress.js";

// What 4.1 writes with -progress pipe:2 (no out_time_us; out_time_ms is microseconds).
const BLOCKS = `frame=0
fps=0.00
stream_0_0_q=0.0
bitrate=N/A
total_size=48
out_time_ms=-9223372036854775807
out_time=-2562047:47:16.854775
dup_frames=0
drop_frames=0
speed=N/A
progress=continue
frame=30
fps=29.1
stream_0_0_q=28.0
bitrate=  12.3kbits/s
total_size=4096
out_time_us=1250000
out_time_ms=1250000
out_time=00:00:01.250000
dup_frames=0
drop_frames=0
speed=1.21x
progress=continue
frame=60
out_time=00:00:02.500000
speed=1.3x
progress=end`.split("\n");

describe("ProgressParser", () => {
  it("reports once per block, ignoring start-up noise, with the fraction of the total", () => {
    const parser = new ProgressParser(5);
    const reports = BLOCKS.map((line) => parser.push(line)).filter((report) => report !== null);
    expect(reports).toEqual([
      { outTimeSeconds: 0, frame: 0, fraction: 0, done: false },
      { outTimeSeconds: 1.25, frame: 30, fraction: 0.25, done: false },
      { outTimeSeconds: 2.5, frame: 60, fraction: 1, done: true },
    ]);
  });

  it("has no fraction without a total", () => {
    const parser = new ProgressParser();
    parser.push("out_time_us=500000");
    expect(parser.push("progress=continue")).toEqual({
      outTimeSeconds: 0.5,
      frame: null,
      fraction: null,
      done: false,
    });
  });

  it("tells progress lines from log lines", () => {
    expect(isProgressLine("out_time_us=1")).toBe(true);
    expect(isProgressLine("stream_1_0_q=-1.0")).toBe(true);
    expect(isProgressLine("progress=end")).toBe(true);
    expect(isProgressLine("[Parsed_loudnorm_0 @ 0x1] ")).toBe(false);
    expect(isProgressLine("title=Scene 1")).toBe(false);
    expect(isProgressLine('    "input_i" : "-21.75",')).toBe(false);
  });
});
