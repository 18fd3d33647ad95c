import { createHash } from "node:crypto";
import type { PromptTemplate, TemplateName } from "./templates.js";

/** Bump when the code would adapt the same input differently (cast, sections, mapping). */
export const WRITER_VERSION = "llm-2";

/**
 * The LLM writer's version: sha256 (first 12 hex) of the code's version, the three templates
 * as loaded (a user's edited template makes old screenplays stale) and `sectionWords`.
 */
export function writerVersionOf(
  templates: Readonly<Record<TemplateName, Pick<PromptTemplate, "text">>>,
  sectionWords: number,
): string {
  const parts = [
    WRITER_VERSION,
    templates.bible.text,
    templates.screenplay.text,
    templates.repair.text,
    String(sectionWords),
  ];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 12);
}
