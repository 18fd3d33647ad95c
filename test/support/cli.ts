import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../..");
const bin = join(repoRoot, "bin/litink.js");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as NDJSON. */
  events: Array<Record<string, unknown> & { type: string }>;
}

/** Spawns the built CLI in `cwd` with a clean, key-free environment plus `env`. */
export function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; input?: string },
): CliRun {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    encoding: "utf8",
    input: options.input ?? "",
    env: cleanEnv(options.cwd, options.env),
    timeout: 120_000,
  });
  const events = args.includes("--json") ? parseEvents(result.stdout) : [];
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, events };
}

/**
 * Like `runCli`, without blocking the event loop: for tests whose emulators run in this
 * process and must answer the CLI while it runs.
 */
export function runCliAsync(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      env: cleanEnv(options.cwd, options.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, events: args.includes("--json") ? parseEvents(stdout) : [] });
    });
  });
}

export function tempDir(prefix = "litink-e2e-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** True when a system tool is present; a missing tool skips locally and fails in CI. */
export function toolPresent(name: string): boolean {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).status === 0;
  if (!found && process.env.CI === "true")
    throw new Error(`${name} is required in CI (CI=true) but is not installed`);
  if (!found)
    process.stderr.write(`skipping a test: ${name} is not installed (apt-get install ${name})\n`);
  return found;
}

function cleanEnv(cwd: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: cwd,
    XDG_CONFIG_HOME: join(cwd, ".no-user-config"),
    NO_COLOR: "1",
    ...extra,
  };
}

function parseEvents(stdout: string): CliRun["events"] {
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown> & { type: string });
}
