import type { Json, Task } from "../graph.js";

/** Typed reads of `task.params`: a planner bug names the task and the field, not a TypeError. */

export function text(task: Task, name: string): string {
  const value = task.params[name];
  if (typeof value !== "string") throw paramError(task, name, "a string");
  return value;
}

export function optionalText(task: Task, name: string): string | undefined {
  const value = task.params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw paramError(task, name, "a string or null");
  return value;
}

export function numeric(task: Task, name: string): number {
  const value = task.params[name];
  if (typeof value !== "number" || !Number.isFinite(value))
    throw paramError(task, name, "a number");
  return value;
}

export function optionalNumber(task: Task, name: string): number | undefined {
  const value = task.params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw paramError(task, name, "a number or null");
  return value;
}

export function optionalRecord(task: Task, name: string): { [key: string]: Json } | undefined {
  const value = task.params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value))
    throw paramError(task, name, "an object or null");
  return value;
}

/** The cache key the runner attaches to a task before running it (runJob's job key). */
export function taskKeyOf(task: Task & { key?: string }): string {
  const key = task.key;
  if (typeof key !== "string" || key === "")
    throw new Error(`task ${task.id} was given no cache key (the runner sets task.key)`);
  return key;
}

function paramError(task: Task, name: string, expected: string): Error {
  return new Error(`task ${task.id}: params.${name} should be ${expected}`);
}
