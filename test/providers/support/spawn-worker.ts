import { spawn } from "node:child_process";

/** Runs a TypeScript worker in its own Node process (via tsx) and parses its JSON output. */
export function spawnWorker<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk;
    });
    child.on("close", (code) =>
      code === 0
        ? resolve(JSON.parse(output) as T)
        : reject(new Error(`${script} exited ${code}: ${errors}`)),
    );
  });
}
