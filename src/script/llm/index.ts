import type { EventSink } from "../../providers/middleware/index.js";
import type { TextModel } from "../../providers/spec/index.js";
import type { ScriptWriter } from "../writer.js";

export interface LlmLink {
  /** "<provider>:<model>" as in the tier chain. */
  ref: string;
  /** One chain link, already wrapped in retry, breaker and metering. */
  model: TextModel;
}

export interface LlmWriterOptions {
  /** The tier's text chain, in order: a reply that fails validation after one repair round moves on to the next link. */
  links: readonly LlmLink[];
  /** Absolute paths of user templates replacing templates/prompts/{bible,screenplay,repair}.md. */
  templates?: { bible?: string; screenplay?: string; repair?: string };
  /** Chapters longer than this many words are adapted in sections and stitched. */
  sectionWords: number;
  events?: EventSink;
}

/** STUB (contract): the LLM writer. */
export function llmWriter(_options: LlmWriterOptions): ScriptWriter {
  throw new Error("not implemented yet");
}
