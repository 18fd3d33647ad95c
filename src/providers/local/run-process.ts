import { spawn } from "node:child_process";

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  /** The last few kilobytes of stderr, for error messages. */
  stderrTail: string;
  /** Killed because it ran past `timeoutMs`. */
  timedOut: boolean;
}

export interface RunOptions {
  input?: string | Uint8Array;
  abortSignal?: AbortSignal;
  timeoutMs?: number;
}

const STDERR_TAIL_BYTES = 4096;

/**
 * Spawns a program with an argument array (never a shell, so text and paths need no quoting)
 * and collects its output. Rejects only when the program cannot start (e.g. ENOENT) or the
 * caller aborts; a non-zero exit is the caller's to judge.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ["pipe", "pipe", "pipe"],
      signal: options.abortSignal,
      killSignal: "SIGKILL",
    });
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
          }, options.timeoutMs);
    const stdout: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout),
        stderrTail: stderr.trim(),
        timedOut,
      });
    });
    // A program that exits before reading its input must not crash us with EPIPE.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}
