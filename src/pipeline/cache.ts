import type { Db } from "../store/db.js";
import type { TaskOutput } from "./graph.js";
import type { KeyParts } from "./task-key.js";

export interface CachedOutput {
  output: TaskOutput;
  provider: string | null;
  model: string | null;
  costUsd: number;
}

/**
 * STUB (contract). The content-addressed task cache in `task_cache`: a key found here with all
 * its artifacts present means the task is done and costs nothing. `commit` runs after the
 * artifacts were written (temp + rename by the ArtifactStore), in one transaction.
 */
export class TaskCache {
  constructor(readonly db: Db) {}

  /** The output under `key`, or null when absent or when one of its artifacts is gone. */
  get(_key: string): CachedOutput | null {
    throw new Error("not implemented yet");
  }

  commit(
    _key: string,
    _entry: { kind: string; taskId: string; parts: KeyParts } & CachedOutput,
  ): void {
    throw new Error("not implemented yet");
  }

  /** The key parts this task had the last time it was made, to say why it reruns. */
  lastParts(_taskId: string): KeyParts | null {
    throw new Error("not implemented yet");
  }
}
