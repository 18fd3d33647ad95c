import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs `work` with a fresh folder for a render's temp files (graph scripts, chapter
 * metadata, subtitles, intermediate audio) and removes it afterwards, on success, failure or
 * abort alike. `parent` defaults to the OS temp folder; a render may pass a folder beside its
 * state so large intermediates stay on the output's disk.
 */
export async function withTempDir<T>(
  prefix: string,
  work: (folder: string) => Promise<T>,
  options: { parent?: string } = {},
): Promise<T> {
  const parent = options.parent ?? tmpdir();
  await mkdir(parent, { recursive: true });
  const folder = await mkdtemp(join(parent, prefix.endsWith("-") ? prefix : `${prefix}-`));
  try {
    return await work(folder);
  } finally {
    // maxRetries: ffmpeg killed on abort may still be closing a file in the folder.
    await rm(folder, { recursive: true, force: true, maxRetries: 3 });
  }
}
