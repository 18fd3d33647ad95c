import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Db } from "./db.js";

export interface Artifact {
  /** sha256 of the bytes, hex. */
  hash: string;
  /** Absolute path of the file. */
  path: string;
  mediaType: string;
  bytes: number;
}

const EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
  "video/mp4": "mp4",
  "audio/mpeg": "mp3",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/ogg": "ogg",
  "application/json": "json",
};

/**
 * Content-addressed files in `LITINK_HOME/cache/<2>/<hash>.<ext>`. A file is written to a
 * temporary name and renamed, then recorded in one SQLite statement, so a crash leaves either
 * nothing or a complete file (an unrecorded complete file is simply written again).
 */
export class ArtifactStore {
  constructor(
    private readonly db: Db,
    private readonly home: string,
  ) {}

  async put(data: Uint8Array, mediaType: string): Promise<Artifact> {
    const hash = createHash("sha256").update(data).digest("hex");
    const existing = this.get(hash);
    if (existing) return existing;
    const relative = join("cache", hash.slice(0, 2), `${hash}.${EXTENSIONS[mediaType] ?? "bin"}`);
    const path = join(this.home, relative);
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, data);
      await rename(temporary, path);
    } finally {
      await rm(temporary, { force: true });
    }
    this.db
      .prepare(
        "INSERT OR IGNORE INTO artifacts (hash, path, media_type, bytes, created_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(hash, relative, mediaType, data.byteLength, new Date().toISOString());
    return { hash, path, mediaType, bytes: data.byteLength };
  }

  get(hash: string): Artifact | null {
    const row = this.db
      .prepare("SELECT hash, path, media_type, bytes FROM artifacts WHERE hash = ?")
      .get(hash) as { hash: string; path: string; media_type: string; bytes: number } | undefined;
    return row
      ? {
          hash: row.hash,
          path: join(this.home, row.path),
          mediaType: row.media_type,
          bytes: row.bytes,
        }
      : null;
  }
}
