import type { EventSink } from "../../providers/middleware/index.js";
import type { TextModel } from "../../providers/spec/index.js";
import type { ScriptWriter } from "../writer.js";
import { adaptWithLlm } from "./adapt-chapter.js";
import { draftBibleWithLlm } from "./draft-bible.js";
import type { SectionCache } from "./section-cache.js";
import type { StructuredContext } from "./structured-call.js";
import { loadTemplateSync, type PromptTemplate, type TemplateName } from "./templates.js";
import { writerVersionOf } from "./version.js";

export type { SectionCache } from "./section-cache.js";
export { renderTemplate } from "./templates.js";
export { WRITER_VERSION } from "./version.js";

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
  /**
   * Each section's answer kept by content (`TaskCache` fits): an edited paragraph then pays
   * for its own section only. None: every section is asked each time.
   */
  sectionCache?: SectionCache;
  events?: EventSink;
}

/**
 * The LLM writer: prompts from templates/prompts/ (or the user's), structured output checked
 * with zod against the section's cast, one repair round per link, then the next link.
 */
export function llmWriter(options: LlmWriterOptions): ScriptWriter {
  let loaded: LoadedTemplates | undefined;
  // Loaded (and checked) once, on first use, before any call; a failed load is not kept, so
  // the user may fix the path and the writer be reused.
  const templates = (): LoadedTemplates => {
    loaded ??= loadTemplates(options);
    return loaded;
  };
  const structured = (repair: PromptTemplate): StructuredContext => ({
    links: options.links,
    repair,
    ...(options.events ? { events: options.events } : {}),
  });
  return {
    name: options.links.map((link) => link.ref).join(" > "),
    get version() {
      return templates().version;
    },
    async draftBible(input) {
      const { bible, repair } = templates();
      return draftBibleWithLlm(structured(repair), bible, input);
    },
    async adaptChapter(input) {
      const { screenplay, repair, version } = templates();
      return adaptWithLlm(
        {
          structured: structured(repair),
          template: screenplay,
          repair,
          sectionWords: options.sectionWords,
          version,
          ...(options.sectionCache ? { sections: options.sectionCache } : {}),
        },
        input,
      );
    },
  };
}

/**
 * The version `llmWriter(options).version` reports, without building a writer. Reads the
 * templates; an unreadable one is `ConfigInvalid` (exit 78).
 */
export function llmWriterVersion(
  options: Pick<LlmWriterOptions, "templates" | "sectionWords">,
): string {
  return loadTemplates(options).version;
}

type LoadedTemplates = Record<TemplateName, PromptTemplate> & { version: string };

function loadTemplates(
  options: Pick<LlmWriterOptions, "templates" | "sectionWords">,
): LoadedTemplates {
  const [bible, screenplay, repair] = (["bible", "screenplay", "repair"] as const).map((name) =>
    loadTemplateSync(name, options.templates?.[name]),
  ) as [PromptTemplate, PromptTemplate, PromptTemplate];
  const texts = { bible, screenplay, repair };
  return { ...texts, version: writerVersionOf(texts, options.sectionWords) };
}
