import { spawn } from "node:child_process";
import { litinkError } from "../../errors/catalog.js";
import { type FfmpegProgress, isProgressLine, ProgressParser } from "./progress.js";
import { LineTail, TAIL_LINES } from "./stderr-tail.js";

export interface RunFfmpegOptions {
  /** The ffmpeg to run (`requireTool("ffmpeg")`). */
  binary: string;
  /** Aborting kills ffmpeg (SIGKILL) and rejects with the AbortError spawn gives. */
  signal?: AbortSignal;
  /** Working folder: lets filters such as `subtitles=` take plain file names (no escaping). */
  cwd?: string;
  /** Called on every `-progress` report (about twice a second) and once with `done: true`. */
  onProgress?: (progress: FfmpegProgress) => void;
  /** The planned output length in seconds, for `progress.fraction`. */
  totalSeconds?: number;
  /** What this run does, named in the error ("encoding chapter 3"). */
  step?: string;
  /** Stderr lines kept for the caller's parsers (loudnorm's JSON, ebur128's summary). */
  keepLines?: number;
}

export interface RunFfmpegResult {
  /** The last 20 lines of stderr, progress lines removed. */
  stderrTail: string;
  /** The last `keepLines` (default 200) lines of stderr, progress lines removed. */
  stderrLines: string;
}

/**
 * Runs ffmpeg with an argument array (never a shell: paths and text need no quoting).
 * Adds `-hide_banner -nostdin -nostats` and, with `onProgress`, `-progress pipe:2` — the
 * key=value report exists on 4.1 too, unlike `-stats_period`. Failure is judged by the exit
 * code alone: 4.1 prints harmless Fontconfig warnings on stderr. A non-zero exit throws
 * `RenderFailed` (exit 1: the arguments are litink's, so a failure is litink's bug or a
 * damaged input) with the stderr tail; a binary that cannot start throws `FfmpegNotFound` (78).
 */
export function runFfmpeg(
  args: readonly string[],
  options: RunFfmpegOptions,
): Promise<RunFfmpegResult> {
  const fullArgs = withHouseOptions(args, options.onProgress !== undefined);
  const parser = new ProgressParser(options.totalSeconds);
  const tail = new LineTail(Math.max(TAIL_LINES, options.keepLines ?? 200), (line) => {
    if (!isProgressLine(line)) return true;
    const report = parser.push(line);
    if (report) options.onProgress?.(report);
    return false;
  });
  return new Promise((resolve, reject) => {
    const child = spawn(options.binary, fullArgs, {
      cwd: options.cwd,
      stdio: ["ignore", "ignore", "pipe"],
      signal: options.signal,
      killSignal: "SIGKILL",
    });
    let aborted: Error | undefined;
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => tail.push(chunk));
    child.on("error", (error) => {
      // An abort kills the child; wait for "close" so the caller's temp folder is free.
      if (error.name === "AbortError") aborted = error;
      else
        reject(
          litinkError(
            "FfmpegNotFound",
            { tool: "ffmpeg", detail: `${options.binary}: ${describeStartError(error)}` },
            error,
          ),
        );
    });
    child.on("close", (exitCode, signal) => {
      tail.end();
      if (aborted || options.signal?.aborted) return reject(aborted ?? abortError());
      const stderrTail = tail.text(TAIL_LINES);
      if (exitCode === 0) return resolve({ stderrTail, stderrLines: tail.text() });
      reject(
        litinkError("RenderFailed", {
          tool: "ffmpeg",
          step: options.step ?? "rendering",
          exit: exitCode === null ? `killed by ${signal}` : `exit code ${exitCode}`,
          stderrTail,
        }),
      );
    });
  });
}

/** The options every run wants, added once (a caller may already pass some of them). */
export function withHouseOptions(args: readonly string[], progress: boolean): string[] {
  const house = ["-hide_banner", "-nostdin", "-nostats"].filter((flag) => !args.includes(flag));
  if (progress && !args.includes("-progress")) house.push("-progress", "pipe:2");
  return [...house, ...args];
}

function describeStartError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "not executable (chmod u+x it)";
  return code ?? error.message;
}

function abortError(): Error {
  return Object.assign(new Error("The operation was aborted"), {
    name: "AbortError",
    code: "ABORT_ERR",
  });
}
