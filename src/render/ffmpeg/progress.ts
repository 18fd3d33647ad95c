/** One `-progress` report of a running encode. */
export interface FfmpegProgress {
  /** Seconds of output written so far (0 until the first frame). */
  outTimeSeconds: number;
  /** Video frames written so far; null for an audio-only run. */
  frame: number | null;
  /** outTimeSeconds ÷ the caller's total, clamped to 0..1; null when no total was given. */
  fraction: number | null;
  /** The last report of the run (`progress=end`). */
  done: boolean;
}

/**
 * The keys `-progress` writes, on every build from 4.1 to 7 (`stream_0_0_q` varies with the
 * stream). Only these lines are treated as progress, so a log line that happens to contain
 * "=" stays in the stderr tail.
 */
const PROGRESS_KEY =
  /^(frame|fps|stream_\d+_\d+_(q|psnr_\w+)|bitrate|total_size|out_time_us|out_time_ms|out_time|dup_frames|drop_frames|speed|progress)=/;

export function isProgressLine(line: string): boolean {
  return PROGRESS_KEY.test(line);
}

/**
 * Parses `-progress pipe:2` output: blocks of key=value lines, each closed by
 * `progress=continue` or `progress=end`. Returns a report when a block closes, else null.
 */
export class ProgressParser {
  private outTimeSeconds = 0;
  private frame: number | null = null;

  constructor(private readonly totalSeconds?: number) {}

  push(line: string): FfmpegProgress | null {
    const equals = line.indexOf("=");
    if (equals < 0) return null;
    const key = line.slice(0, equals);
    const value = line.slice(equals + 1).trim();
    if (key === "frame") this.frame = finiteOr(Number(value), this.frame);
    // out_time_ms is microseconds too (an old ffmpeg bug kept for compatibility).
    else if (key === "out_time_us" || key === "out_time_ms")
      this.outTimeSeconds = nonNegative(Number(value) / 1e6, this.outTimeSeconds);
    else if (key === "out_time")
      this.outTimeSeconds = nonNegative(clockSeconds(value), this.outTimeSeconds);
    else if (key === "progress") return this.report(value === "end");
    return null;
  }

  private report(done: boolean): FfmpegProgress {
    const total = this.totalSeconds;
    const fraction =
      total && total > 0 ? Math.min(1, Math.max(0, done ? 1 : this.outTimeSeconds / total)) : null;
    return { outTimeSeconds: this.outTimeSeconds, frame: this.frame, fraction, done };
  }
}

/** "00:01:02.500000" → 62.5; "N/A" or a negative start-up value → NaN. */
function clockSeconds(value: string): number {
  const match = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value);
  if (!match) return Number.NaN;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

function finiteOr<T>(value: number, fallback: T): number | T {
  return Number.isFinite(value) ? value : fallback;
}

/** Before the first packet ffmpeg reports N/A or a huge negative time: keep the last good one. */
function nonNegative(value: number, fallback: number): number {
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}
