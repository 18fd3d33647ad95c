import { statSync } from "node:fs";
import type { Artifact, ArtifactStore } from "../../store/artifacts.js";
import type { Db } from "../../store/db.js";

/**
 * The artifact store records a file once and trusts the record afterwards; a user may delete
 * `LITINK_HOME/cache` files by hand. Here a record counts only while its file is there, whole.
 */

/** The artifact when its record exists and its file is on disk at the recorded size. */
export function presentArtifact(store: ArtifactStore, hash: string): Artifact | null {
  const artifact = store.get(hash);
  if (!artifact) return null;
  try {
    return statSync(artifact.path).size === artifact.bytes ? artifact : null;
  } catch {
    return null;
  }
}

/**
 * A sink for runJob and the speech executor: `get` sees only files that exist, and `put`
 * forgets a record whose file is gone first (ArtifactStore.put would return the stale record
 * instead of writing the bytes again).
 */
export function checkedSink(db: Db, store: ArtifactStore) {
  return {
    get: (hash: string) => presentArtifact(store, hash),
    async put(data: Uint8Array, mediaType: string): Promise<Artifact> {
      const { createHash } = await import("node:crypto");
      const hash = createHash("sha256").update(data).digest("hex");
      if (store.get(hash) && !presentArtifact(store, hash))
        db.prepare("DELETE FROM artifacts WHERE hash = ?").run(hash);
      return store.put(data, mediaType);
    },
  };
}
