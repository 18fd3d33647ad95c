import type { EventSink } from "../../providers/middleware/index.js";
import type { TextModel } from "../../providers/spec/index.js";
import type { ScriptWriter } from "../writer.js";
import { adaptWithLlm } from "./adapt-chapter.js";
import { draftBibleWithLlm } from "./draft-bible.js";
import type { StructuredContext } from "./structured-call.js";
import { loadTemplate, type PromptTemplate, type TemplateName } from "./templates.js";

export { renderTemplate } from "./templates.js";

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

/**
 * The LLM writer: prompts from templates/prompts/ (or the user's), structured output checked
 * with zod against the bible, one repair round per link, then the next link of the chain.
 */
export function llmWriter(options: LlmWriterOptions): ScriptWriter {
  const loaded = new Map<TemplateName, Promise<PromptTemplate>>();
  const template = (name: TemplateName) => {
    let pending = loaded.get(name);
    if (!pending) {
      pending = loadTemplate(name, options.templates?.[name]);
      // A failed load is not cached: the user may fix the path and the writer be reused.
      pending.catch(() => loaded.delete(name));
      loaded.set(name, pending);
    }
    return pending;
  };
  // All three are loaded (and checked) before the first call, so a bad override path costs nothing.
  const templates = async () => {
    const [bible, screenplay, repair] = await Promise.all(
      (["bible", "screenplay", "repair"] as const).map(template),
    );
    const structured: StructuredContext = {
      links: options.links,
      repair: repair!,
      ...(options.events ? { events: options.events } : {}),
    };
    return { bible: bible!, screenplay: screenplay!, structured };
  };
  return {
    name: options.links.map((link) => link.ref).join(" > "),
    async draftBible(input) {
      const { bible, structured } = await templates();
      return draftBibleWithLlm(structured, bible, input);
    },
    async adaptChapter(input) {
      const { screenplay, structured } = await templates();
      return adaptWithLlm(
        { structured, template: screenplay, sectionWords: options.sectionWords },
        input,
      );
    },
  };
}
