// Runs the built CLI in a child process (asynchronously: the emulators answer from this
// process's event loop) and parses its NDJSON events. It runs under a shell whose `times`
// reports the CPU the CLI and every process it reaped (ffmpeg, eSpeak) used.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = join(dirname(fileURLToPath(import.meta.url)), "../../bin/litink.js");

export function runCli(args, { cwd, env }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const script = '"$@"; code=$?; times >&2; exit $code';
    const child = spawn("bash", ["-c", script, "bash", process.execPath, bin, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: cwd, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const processMs = performance.now() - started;
      const events = stdout
        .split("\n")
        .filter((line) => line.trim().startsWith("{"))
        .map((line) => JSON.parse(line));
      // `times` ends stderr: the shell's own line, then its children's "user sys".
      const [user = 0, system = 0] = (stderr.trim().split("\n").at(-1) ?? "")
        .split(" ")
        .map((field) => {
          const [, minutes = "0", secs = "0"] = /^(\d+)m([\d.]+)s$/.exec(field) ?? [];
          return (Number(minutes) * 60 + Number(secs)) * 1000;
        });
      resolve({ code, stderr, events, processMs, cpuMs: user + system });
    });
  });
}
