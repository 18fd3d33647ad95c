import { randomUUID } from "node:crypto";
import { dirname, isAbsolute, resolve } from "node:path";
import type { LoadedConfig } from "../config/load.js";
import type { Tier } from "../config/schema.js";
import type { EventSink } from "../providers/middleware/index.js";
import type { TextModel, Voice } from "../providers/spec/index.js";
import type { Db } from "../store/db.js";
import type { LlmLink, SectionCache } from "./llm/index.js";
import type { ScriptWriter } from "./writer.js";

/**
 * The side-effecting wiring behind `runScript`: which writer a tier gets, its models wrapped
 * like every other paid call, and the voice list of the first speech provider that answers.
 */

export interface SetupContext {
  tier: Tier;
  loaded: LoadedConfig;
  env: NodeJS.ProcessEnv;
  events: EventSink;
  /** The book's id, so the ledger can say what each call was for. */
  bookId?: string;
  /**
   * Where the LLM writer keeps each section's answer. The generate runner passes its task
   * cache; without one, `writerForTier` keeps them in the store's `task_cache` itself.
   */
  sectionCache?: SectionCache;
  /**
   * The caller indexes the book as a step of its own (the generate runner's index task), so
   * bringing the index up to date is expected and not worth a warning.
   */
  quietIndexing?: boolean;
}

/** Money spent through the writer's links, so each chapter's task can report its cost. */
export interface SpendTally {
  usd: number;
}

export interface WriterSetup {
  writer: ScriptWriter;
  /** The tier's usable text refs (empty offline): a saved screenplay from one of them is reused. */
  refs: string[];
  spent: SpendTally;
  close(): void;
}

/**
 * The tier's writer. Each LLM link is `linkFor(ref)` when given (the generate runner meters
 * links under its own run, budget and task); otherwise it is wrapped here, metered against a
 * budget of `budgetUsd` for this invocation, like every other paid call.
 */
export async function writerForTier(
  context: SetupContext,
  linkFor?: (ref: string) => Promise<TextModel>,
): Promise<WriterSetup> {
  const spent: SpendTally = { usd: 0 };
  if (context.tier === "local") {
    const { extractiveWriter } = await import("./extractive/index.js");
    return { writer: extractiveWriter(), refs: [], spent, close() {} };
  }
  const { usableChains, pricesFor } = await import("../providers/tiers.js");
  const { createModel } = await import("../providers/registry.js");
  const { resilientChain, withMetering } = await import("../providers/middleware/index.js");
  // Before anything is spent: a tier with no usable text link is a configuration error (78).
  const refs = usableChains(context.tier, context.loaded.config, context.env, ["text"]).text;
  if (linkFor) {
    const links: LlmLink[] = [];
    for (const ref of refs) links.push({ ref, model: await linkFor(ref) });
    const writer = await llmWriterOf(context, links, context.sectionCache);
    return { writer, refs, spent, close() {} };
  }
  let store: Db | undefined;
  let sections = context.sectionCache;
  const budgetScope = `script:${randomUUID()}`;
  const links: LlmLink[] = [];
  for (const ref of refs) {
    const model = await createModel(ref, "text", {
      env: context.env,
      settings: context.loaded.config.providers,
    });
    if (!model) continue;
    if (!store) {
      const { openStore } = await import("../store/db.js");
      const { openBudget } = await import("../ledger/budget.js");
      store = await openStore(context.loaded.home);
      // The spending guard (DESIGN.md §2) covers a script run like any other paid run.
      openBudget(store, budgetScope, context.loaded.config.budgetUsd);
      // The table the generate runner caches in: `script` and `generate` share answers.
      const { TaskCache } = await import("../pipeline/cache.js");
      sections ??= new TaskCache(store);
    }
    const events = tallying(context.events, spent);
    // One chain per link: the writer moves down the chain itself after a failed repair round.
    const chain = resilientChain([model], { db: store, events });
    links.push({
      ref,
      model: withMetering(chain, {
        db: store,
        prices: pricesFor(context.loaded.config),
        tier: context.tier,
        taskId: "script",
        budgetScope,
        ...(context.bookId ? { bookId: context.bookId } : {}),
        events,
      }),
    });
  }
  const writer = await llmWriterOf(context, links, sections);
  return { writer, refs, spent, close: () => store?.close() };
}

async function llmWriterOf(
  context: SetupContext,
  links: LlmLink[],
  sectionCache: SectionCache | undefined,
): Promise<ScriptWriter> {
  const { llmWriter } = await import("./llm/index.js");
  return llmWriter({
    links,
    templates: templatePaths(context.loaded),
    sectionWords: context.loaded.config.script.sectionWords,
    events: context.events,
    ...(sectionCache ? { sectionCache } : {}),
  });
}

/** Forwards events and adds each `cost-update`'s increase to the tally. */
function tallying(events: EventSink, spent: SpendTally): EventSink {
  let last = 0;
  return {
    emit(type, fields) {
      if (type === "cost-update" && typeof fields.spentUsd === "number") {
        spent.usd += Math.max(0, fields.spentUsd - last);
        last = fields.spentUsd;
      }
      events.emit(type, fields);
    },
  };
}

/** Template overrides are relative to the config file that named them. */
export function templatePaths(loaded: LoadedConfig): {
  bible?: string;
  screenplay?: string;
  repair?: string;
} {
  const templates = loaded.config.script.templates ?? {};
  const result: { bible?: string; screenplay?: string; repair?: string } = {};
  for (const key of ["bible", "screenplay", "repair"] as const) {
    const path = templates[key];
    if (path === undefined) continue;
    const source = loaded.sources[`script.templates.${key}`];
    const file = source === "user" ? loaded.userFile : loaded.projectFile;
    result[key] = isAbsolute(path) ? path : resolve(file ? dirname(file) : process.cwd(), path);
  }
  return result;
}

export interface SpeechVoices {
  provider: string;
  voices: Voice[];
}

/**
 * The voices of the tier's first speech link that lists them. A provider that fails to list
 * is skipped with a warning; the offline eSpeak voice ends every default chain.
 */
export async function voicesForTier(context: SetupContext): Promise<SpeechVoices | null> {
  const { usableChains } = await import("../providers/tiers.js");
  const { createModel } = await import("../providers/registry.js");
  const refs = usableChains(context.tier, context.loaded.config, context.env, ["speech"]).speech;
  for (const ref of refs) {
    try {
      const model = await createModel(ref, "speech", {
        env: context.env,
        settings: context.loaded.config.providers,
      });
      if (!model) continue;
      const voices = await model.doListVoices();
      if (voices.length > 0) return { provider: model.provider, voices };
      context.events.emit("warning", { message: `${ref} lists no voices; trying the next one` });
    } catch (error) {
      context.events.emit("warning", {
        message: `could not list the voices of ${ref} (${(error as Error).message}); trying the next one`,
      });
    }
  }
  context.events.emit("warning", {
    message: "no speech provider listed its voices; characters keep the voices they have",
  });
  return null;
}
