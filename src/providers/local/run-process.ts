import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";

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
  /**
   * A CPU-heavy program (an ffmpeg encode): waits for one of the machine's cores. The runner
   * may hold several such tasks at once (a remote video chain that fell back to Ken Burns keeps
   * its remote slot), and encodes past the core count only slow each other down.
   */
  cpuBound?: boolean;
}

const STDERR_TAIL_BYTES = 4096;

/**
 * Spawns a program with an argument array (never a shell, so text and paths need no quoting)
 * and collects its output. Rejects only when the program cannot start (e.g. ENOENT) or the
 * caller aborts; a non-zero exit is the caller's to judge.
 */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<ProcessResult> {
  if (!options.cpuBound) return spawnAndCollect(command, args, options);
  const release = await acquireCore(options.abortSignal);
  try {
    return await spawnAndCollect(command, args, options);
  } finally {
    release();
  }
}

const cores = { free: availableParallelism(), busy: 0, waiting: [] as Array<() => void> };

/** CPU-bound programs running now (tests check it never exceeds the core count). */
export function coresInUse(): number {
  return cores.busy;
}

function acquireCore(signal: AbortSignal | undefined): Promise<() => void> {
  const take = () => {
    cores.free--;
    cores.busy++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      cores.free++;
      cores.busy--;
      cores.waiting.shift()?.();
    };
  };
  if (cores.free > 0) return Promise.resolve(take());
  return new Promise((resolve, reject) => {
    const wake = () => {
      signal?.removeEventListener("abort", onAbort);
      resolve(take());
    };
    const onAbort = () => {
      cores.waiting.splice(cores.waiting.indexOf(wake), 1);
      // The same error spawn gives for an aborted signal, so callers handle one kind.
      reject(
        Object.assign(new Error("The operation was aborted"), {
          name: "AbortError",
          code: "ABORT_ERR",
        }),
      );
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    cores.waiting.push(wake);
  });
}

function spawnAndCollect(
  command: string,
  args: readonly string[],
  options: RunOptions,
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
