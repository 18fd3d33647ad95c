import { findOnPath, locateTool } from "../../system/executables.js";

/** One ffmpeg + ffprobe pair the render tests run against. */
export interface TestBuild {
  name: "system" | "npm";
  /** Null when this build is not installed here (its tests skip, or fail under CI=true). */
  ffmpeg: string | null;
  ffprobe: string | null;
}

/**
 * The two builds a user can end up with: the system's (5.1 on Debian 12, has xfade) and the
 * npm-shipped @ffmpeg-installer one (4.1 from 2018, no xfade). Tests run against both with
 * `describe.each(testBuilds())`; an absent build prints one line and its tests skip, except
 * under CI=true, where an absent build is an error (CI installs both).
 */
export function testBuilds(): TestBuild[] {
  const system: TestBuild = {
    name: "system",
    ffmpeg: findOnPath("ffmpeg") ?? null,
    ffprobe: findOnPath("ffprobe") ?? null,
  };
  // Without PATH, locateTool falls through to the npm-shipped packages.
  const npmOnly = { PATH: "" };
  const npm: TestBuild = {
    name: "npm",
    ffmpeg: locateTool("ffmpeg", npmOnly)?.path ?? null,
    ffprobe: locateTool("ffprobe", npmOnly)?.path ?? null,
  };
  for (const build of [system, npm]) {
    if (build.ffmpeg && build.ffprobe) continue;
    const fix =
      build.name === "system" ? "apt-get install ffmpeg" : "npm ci (installs @ffmpeg-installer)";
    const line = `the ${build.name} ffmpeg/ffprobe is not installed (${fix})`;
    if (process.env.CI === "true") throw new Error(`${line}, and CI=true requires it`);
    process.stderr.write(`skipping tests: ${line}\n`);
  }
  return [system, npm];
}
