import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, join } from "node:path";

export type ToolName = "ffmpeg" | "ffprobe";

export interface LocatedTool {
  path: string;
  source: "env" | "path" | "npm";
}

const ENV_VARIABLE: Record<ToolName, string> = {
  ffmpeg: "LITINK_FFMPEG",
  ffprobe: "LITINK_FFPROBE",
};
const NPM_PACKAGE: Record<ToolName, string> = {
  ffmpeg: "@ffmpeg-installer/ffmpeg",
  ffprobe: "@ffprobe-installer/ffprobe",
};

/** LITINK_FFMPEG/LITINK_FFPROBE, else the system binary on PATH, else an npm-shipped one (DESIGN.md §2). */
export function locateTool(
  name: ToolName,
  env: NodeJS.ProcessEnv = process.env,
): LocatedTool | null {
  const fromEnv = env[ENV_VARIABLE[name]]?.trim();
  if (fromEnv) return { path: fromEnv, source: "env" };
  const onPath = findOnPath(name, env);
  if (onPath) return { path: onPath, source: "path" };
  try {
    const require = createRequire(import.meta.url);
    const installed = require(NPM_PACKAGE[name]) as { path?: string };
    if (installed.path && isExecutable(installed.path))
      return { path: installed.path, source: "npm" };
  } catch {
    // Not installed: optional.
  }
  return null;
}

/** The first line of `<tool> -version`, e.g. "ffmpeg version 5.1.6-0+deb12u1". */
export function toolVersion(path: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(path, ["-hide_banner", "-version"], { timeout: timeoutMs }, (error, stdout) => {
      if (error) return reject(error);
      const first = stdout.split("\n")[0]?.trim() ?? "";
      const match = /version\s+(\S+)/.exec(first);
      resolve(match?.[1] ?? first);
    });
  });
}

/** The first executable called `name` in the folders of PATH. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const folder of (env.PATH ?? "").split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
