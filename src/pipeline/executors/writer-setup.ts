import type { TextModel } from "../../providers/spec/index.js";
import type { SetupContext, SpeechVoices } from "../../script/setup.js";
import type { ScriptWriter } from "../../script/writer.js";
import { TaskCache } from "../cache.js";
import type { ExecutorContext } from "./index.js";

export interface RunWriter {
  writer: ScriptWriter;
  /** The tier's usable text refs (empty offline), for `staleReason`. */
  refs: string[];
}

/**
 * The writer `litink script` would use (`writerForTier`), with each link built by
 * `context.chain`: its calls reserve against this run's budget and land in the ledger under
 * this run and task.
 */
export async function writerForRun(context: ExecutorContext, taskId: string): Promise<RunWriter> {
  const { writerForTier } = await import("../../script/setup.js");
  const { writer, refs } = await writerForTier(setupContextOf(context), (ref) =>
    context.chain<TextModel>("text", [ref], taskId),
  );
  return { writer, refs };
}

/**
 * The tier's voice list, asked for once per run: the bible and every adapt task that adds a
 * speaker need it, and ElevenLabs answers it over the network.
 */
export function voicesOnce(context: ExecutorContext): Promise<SpeechVoices | null> {
  context.state.voices ??= import("../../script/setup.js").then(({ voicesForTier }) =>
    voicesForTier(setupContextOf(context)).catch((error: unknown) => {
      context.events.emit("warning", {
        message: `voices were not assigned: ${(error as Error).message}`,
      });
      return null;
    }),
  );
  return context.state.voices;
}

/**
 * What src/script/setup.ts passes to `passagesFor` and `voicesForTier`: the LLM writer keeps
 * each section's answer in this run's task cache, and indexing is the graph's own `index`
 * task, so `passagesFor` does not warn that it indexes first.
 */
export function setupContextOf(context: ExecutorContext): SetupContext {
  return {
    tier: context.tier,
    loaded: context.loaded,
    env: context.env,
    events: context.events,
    bookId: context.book.id,
    // The run's store: answers survive a kill, and `litink script` shares them.
    sectionCache: new TaskCache(context.db),
    quietIndexing: true,
  };
}
