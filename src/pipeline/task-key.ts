import { createHash } from "node:crypto";
import type { Json, Task, TaskOutput } from "./graph.js";

/** JSON with object keys sorted at every level: the same data always gives the same text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .filter((key) => record[key] !== undefined)
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The parts of a key, kept so a report can say which one changed ("why did this rerun?"). */
export interface KeyParts {
  kind: string;
  taskVersion: number;
  /**
   * The chain's refs, kept so the report can name them; only the first (the primary: provider
   * and model) is part of the key (`taskKey`).
   */
  models: string[];
  params: { [key: string]: Json };
  /** Output hashes of the input tasks, in `task.inputs` order. */
  inputKeys: string[];
}

/**
 * DESIGN.md §7: sha256 of stable JSON `{kind, taskVersion, provider, model, params,
 * inputKeys}`. Provider and model are the chain's primary ref: an output a fallback link
 * served is never cached (runner-task.ts), so adding or dropping a later link in config
 * leaves every cached output valid instead of paying for all of them again.
 */
export function keyParts(task: Task, inputs: ReadonlyMap<string, TaskOutput>): KeyParts {
  return {
    kind: task.kind,
    taskVersion: task.version,
    models: task.chain,
    params: task.params,
    inputKeys: task.inputs.map((id) => {
      const output = inputs.get(id);
      if (!output) throw new Error(`task ${task.id} needs the output of ${id}, which is missing`);
      return output.hash;
    }),
  };
}

/** The cache key. With a one-link chain it is the hash of the parts as they are. */
export function taskKey(parts: KeyParts): string {
  return sha256(stableJson({ ...parts, models: primaryOf(parts.models) }));
}

/** The refs the key holds: the primary alone (none for a task that calls no provider). */
export function primaryOf(models: readonly string[]): string[] {
  return models.slice(0, 1);
}

/** The hash a dependent task sees for an output. */
export function outputHash(output: Omit<TaskOutput, "hash">): string {
  return sha256(stableJson({ artifacts: output.artifacts, values: output.values }));
}

/** Which part of two keys differs, in words, for the report. */
export function keyChange(before: KeyParts | null, after: KeyParts): string {
  if (!before) return "not made before";
  if (before.taskVersion !== after.taskVersion) return "the task's version changed";
  if (stableJson(primaryOf(before.models)) !== stableJson(primaryOf(after.models)))
    return "the model changed";
  const changed = Object.keys({ ...before.params, ...after.params }).filter(
    (key) => stableJson(before.params[key]) !== stableJson(after.params[key]),
  );
  if (changed.length > 0) return `changed: ${changed.sort().join(", ")}`;
  if (stableJson(before.inputKeys) !== stableJson(after.inputKeys)) return "an input changed";
  return "unchanged";
}
