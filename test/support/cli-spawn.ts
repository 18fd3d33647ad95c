import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { type CliRun, repoRoot } from "./cli.js";

/**
 * The built CLI as a child process the test can kill at any moment: `--json` events are
 * parsed as they arrive (a line cut short by SIGKILL is dropped), and `events()` shows what
 * the process had reported when it was killed.
 */
export interface SpawnedCli {
  child: ChildProcess;
  /** The events written so far. */
  events(): CliRun["events"];
  /** Resolves when the process has exited, however it ended. */
  finished: Promise<CliRun>;
}

export function spawnCli(
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): SpawnedCli {
  const child = spawn(process.execPath, [join(repoRoot, "bin/litink.js"), ...args], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: options.cwd,
      XDG_CONFIG_HOME: join(options.cwd, ".no-user-config"),
      NO_COLOR: "1",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  // A hung child must not hang the suite.
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const finished = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, events: parseLines(stdout) });
    });
  });
  return { child, events: () => parseLines(stdout), finished };
}

function parseLines(stdout: string): CliRun["events"] {
  return stdout
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as CliRun["events"][number]];
      } catch {
        return [];
      }
    });
}
