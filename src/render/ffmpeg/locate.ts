import { litinkError } from "../../errors/catalog.js";
import { locateTool, type ToolName } from "../../system/executables.js";

/**
 * The ffmpeg or ffprobe binary a render uses: LITINK_FFMPEG / LITINK_FFPROBE, else the system
 * one on PATH, else the npm-shipped build. Throws `FfmpegNotFound` (exit 78) when there is none,
 * so a missing tool is a setup problem the user can fix, never a crash.
 */
export function requireTool(name: ToolName, env: NodeJS.ProcessEnv = process.env): string {
  const located = locateTool(name, env);
  if (located) return located.path;
  throw litinkError("FfmpegNotFound", {
    tool: name,
    detail: "it is not on PATH and no npm-shipped build is installed",
  });
}
