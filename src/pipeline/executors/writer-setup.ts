import type { TextModel } from "../../providers/spec/index.js";
import type { SetupContext } from "../../script/setup.js";
import type { ScriptWriter } from "../../script/writer.js";
import type { ExecutorContext } from "./index.js";

export interface RunWriter {
  writer: ScriptWriter;
  /** The tier's usable text refs (empty offline), for `staleReason`. */
  refs: string[];
}

/**
 * The writer `litink script` would use (src/script/setup.ts `writerForTier`), but with each
 * link built by `context.chain`: its calls reserve against this run's budget and land in the
 * ledger under this run and task, which `writerForTier` (own store, own budget) cannot do.
 */
export async function writerForRun(context: ExecutorContext, taskId: string): Promise<RunWriter> {
  if (context.tier === "local") {
    const { extractiveWriter } = await import("../../script/extractive/index.js");
    return { writer: extractiveWriter(), refs: [] };
  }
  const { usableChains } = await import("../../providers/tiers.js");
  const refs = usableChains(context.tier, context.loaded.config, context.env, ["text"]).text;
  const links = [];
  for (const ref of refs)
    links.push({ ref, model: await context.chain<TextModel>("text", [ref], taskId) });
  const { llmWriter } = await import("../../script/llm/index.js");
  const { templatePaths } = await import("../../script/setup.js");
  const writer = llmWriter({
    links,
    templates: templatePaths(context.loaded),
    sectionWords: context.loaded.config.script.sectionWords,
    events: context.events,
  });
  return { writer, refs };
}

/** What src/script/setup.ts passes to `passagesFor` and `voicesForTier`. */
export function setupContextOf(context: ExecutorContext): SetupContext {
  return {
    tier: context.tier,
    loaded: context.loaded,
    env: context.env,
    events: context.events,
    bookId: context.book.id,
  };
}
