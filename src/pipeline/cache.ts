import { ArtifactStore } from "../store/artifacts.js";
import type { Db } from "../store/db.js";
import { presentArtifact } from "./executors/artifact-files.js";
import type { Json, TaskOutput } from "./graph.js";
import { type KeyParts, outputHash } from "./task-key.js";

export interface CachedOutput {
  output: TaskOutput;
  provider: string | null;
  model: string | null;
  costUsd: number;
}

interface CacheRow {
  output: string;
  provider: string | null;
  model: string | null;
  cost_usd: number;
}

/**
 * The content-addressed task cache in `task_cache`: a key found here with all its artifacts
 * present means the task is done and costs nothing. `commit` runs after the artifacts were
 * written (temp + rename by the ArtifactStore) and is one statement, so a crash leaves either
 * no entry (the task runs again; runJob's saved job makes that free) or a complete one.
 */
export class TaskCache {
  private readonly artifacts: ArtifactStore | null;

  /**
   * `home` locates the artifact files; without it an entry counts as present when its
   * artifacts are recorded in the store (the file itself is not checked).
   */
  constructor(
    readonly db: Db,
    home?: string,
  ) {
    this.artifacts = home === undefined ? null : new ArtifactStore(db, home);
  }

  /** The output under `key`, or null when absent or when one of its artifacts is gone. */
  get(key: string): CachedOutput | null {
    const found = this.peek(key);
    if (found) this.touch(key);
    return found;
  }

  /**
   * `get` without marking the entry used: for `estimate`, which must write nothing. Reading
   * the artifacts table writes nothing either.
   */
  peek(key: string): CachedOutput | null {
    const row = this.db
      .prepare("SELECT output, provider, model, cost_usd FROM task_cache WHERE key = ?")
      .get(key) as CacheRow | undefined;
    if (!row) return null;
    const output = JSON.parse(row.output) as TaskOutput;
    if (!Object.values(output.artifacts).every((hash) => this.present(hash))) return null;
    return { output, provider: row.provider, model: row.model, costUsd: row.cost_usd };
  }

  /**
   * A plain JSON value kept under `key` (no artifacts), or null: what a step smaller than a
   * task keeps, e.g. the LLM writer's answer for one section of a chapter (`adapt-section`).
   */
  getValue(key: string): unknown {
    const row = this.db.prepare("SELECT output FROM task_cache WHERE key = ?").get(key) as
      | { output: string }
      | undefined;
    if (!row) return null;
    const output = JSON.parse(row.output) as TaskOutput;
    if (!Object.hasOwn(output.values, "value")) return null;
    this.touch(key);
    return output.values.value;
  }

  /** Keeps `value` under `key` in one statement (durable as soon as it returns). */
  putValue(
    key: string,
    entry: { kind: string; taskId: string; parts: KeyParts; value: unknown } & Omit<
      CachedOutput,
      "output"
    >,
  ): void {
    const body = { artifacts: {}, values: { value: entry.value as Json } };
    this.commit(key, { ...entry, output: { ...body, hash: outputHash(body) } });
  }

  commit(
    key: string,
    entry: { kind: string; taskId: string; parts: KeyParts } & CachedOutput,
  ): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT OR REPLACE INTO task_cache
           (key, kind, task_id, parts, output, provider, model, cost_usd, created_at, used_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        key,
        entry.kind,
        entry.taskId,
        JSON.stringify(entry.parts),
        JSON.stringify(entry.output),
        entry.provider,
        entry.model,
        entry.costUsd,
        now,
        now,
      );
  }

  /** The key parts this task had the last time it was made, to say why it reruns. */
  lastParts(taskId: string): KeyParts | null {
    const row = this.db
      .prepare(
        "SELECT parts FROM task_cache WHERE task_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
      )
      .get(taskId) as { parts: string } | undefined;
    return row ? (JSON.parse(row.parts) as KeyParts) : null;
  }

  private touch(key: string): void {
    this.db
      .prepare("UPDATE task_cache SET used_at = ? WHERE key = ?")
      .run(new Date().toISOString(), key);
  }

  private present(hash: string): boolean {
    if (this.artifacts) return presentArtifact(this.artifacts, hash) !== null;
    return this.db.prepare("SELECT 1 FROM artifacts WHERE hash = ?").get(hash) !== undefined;
  }
}
