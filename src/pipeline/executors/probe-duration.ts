import { execFile } from "node:child_process";

/** Seconds of audio or video in a file, read with ffprobe (for providers that do not say). */
export async function probeDuration(path: string, env: NodeJS.ProcessEnv): Promise<number> {
  const { locateTool } = await import("../../system/executables.js");
  const ffprobe = locateTool("ffprobe", env);
  if (!ffprobe) throw new Error("ffprobe is needed to measure audio length and was not found");
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      ffprobe.path,
      ["-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", path],
      { timeout: 30_000 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
  const seconds = Number.parseFloat(output.trim());
  if (!Number.isFinite(seconds)) throw new Error(`ffprobe found no duration in ${path}`);
  return seconds;
}
