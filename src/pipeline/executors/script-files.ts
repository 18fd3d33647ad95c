import { join } from "node:path";
import type { Bible, Screenplay } from "../../script/schema.js";
import { sha256, stableJson } from "../task-key.js";
import type { ExecutorContext } from "./index.js";

/** The bible and screenplay files `litink script` writes, shared with `generate`. */

export function biblePath(context: ExecutorContext): string {
  return join(context.folder, "bible.json");
}

/** Output hash of a script file: its data, whatever its formatting. */
export function dataHash(value: Bible | Screenplay): string {
  return sha256(stableJson(value));
}

const queues = new WeakMap<object, Promise<unknown>>();

/**
 * Runs bible updates of one run one at a time: adapt tasks of several chapters may each add
 * characters, and each must extend the bible the previous one saved, not a stale copy.
 */
export function serialized<T>(context: ExecutorContext, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(context.state) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(
    context.state,
    next.catch(() => undefined),
  );
  return next;
}
