import { execFile } from "node:child_process";
import { litinkError } from "../../errors/catalog.js";
import { lastLines } from "./stderr-tail.js";

export interface ToolOutputOptions {
  signal?: AbortSignal;
  /** What the query is for, named in the error ("probing chapter-01.mp4"). */
  step: string;
  timeoutMs?: number;
}

const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;
/** Spawn errors that mean "no usable binary there", as opposed to a run that went wrong. */
const CANNOT_START = new Set(["ENOENT", "EACCES", "ENOTDIR", "ENOEXEC"]);

/**
 * Runs a short ffmpeg/ffprobe query (argument array, no shell) and returns its stdout.
 * Failures become catalogued errors: a binary that cannot start is `FfmpegNotFound` (78),
 * a non-zero exit `RenderFailed` (1) with the last stderr lines; an abort stays an AbortError.
 */
export function readToolOutput(
  binary: string,
  args: readonly string[],
  options: ToolOutputOptions,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      args,
      {
        encoding: "utf8",
        maxBuffer: MAX_OUTPUT_BYTES,
        timeout: options.timeoutMs ?? 60_000,
        killSignal: "SIGKILL",
        signal: options.signal,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if (error.name === "AbortError") return reject(error);
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof code === "string" && CANNOT_START.has(code))
          return reject(
            litinkError(
              "FfmpegNotFound",
              { tool: toolName(binary), detail: `${binary}: ${code}` },
              error,
            ),
          );
        const exit = error.killed
          ? `killed after ${(options.timeoutMs ?? 60_000) / 1000} s`
          : typeof code === "number"
            ? `exit code ${code}`
            : String(code ?? (error as { signal?: string }).signal ?? error.message);
        reject(
          litinkError(
            "RenderFailed",
            { tool: toolName(binary), step: options.step, exit, stderrTail: lastLines(stderr) },
            error,
          ),
        );
      },
    );
  });
}

function toolName(binary: string): "ffmpeg" | "ffprobe" {
  return /ffprobe[^/\\]*$/.test(binary) ? "ffprobe" : "ffmpeg";
}
