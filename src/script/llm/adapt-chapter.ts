import { screenplaySchema } from "../schema.js";
import type { AdaptInput, AdaptResult } from "../writer.js";
import { chapterCast } from "./cast.js";
import { earlierContext, formatPassages } from "./context.js";
import { type SceneDraft, screenplayDraftIssues, screenplayDraftSchema } from "./draft-schemas.js";
import { NewSpeakers } from "./new-speakers.js";
import { screenplayValues } from "./prompt-values.js";
import { sectionShares, splitSections } from "./sections.js";
import { askStructured, type StructuredContext } from "./structured-call.js";
import type { PromptTemplate } from "./templates.js";
import { renderTemplate } from "./templates.js";
import { type SectionScenes, scenesFromDrafts } from "./to-screenplay.js";

export interface AdaptSettings {
  structured: StructuredContext;
  template: PromptTemplate;
  sectionWords: number;
  /** `ScriptWriter.version`, recorded in the screenplay. */
  version: string;
}

/**
 * One chapter: split into sections, each adapted in turn with its share of the spoken words
 * and the summaries of the sections before it, then stitched with chapter-wide ids.
 */
export async function adaptWithLlm(
  settings: AdaptSettings,
  input: AdaptInput,
): Promise<AdaptResult> {
  const { chapter, bible, target } = input;
  const sections = splitSections(chapter.text, settings.sectionWords);
  if (sections.length === 0) sections.push({ text: chapter.title, words: 1 });
  const shares = sectionShares(sections, target.spokenWords);
  const context = formatPassages(await earlierContext(chapter, bible, input.passages));
  // Speaking rate as the target implies it, so the prompt's minutes add up to the chapter's.
  const wordsPerMinute = target.spokenWords / target.minutes;

  const drafted: SectionScenes[] = [];
  const summaries: string[] = [];
  const refs: string[] = [];
  for (const [index, section] of sections.entries()) {
    // Each section sees only who it needs: no later characters, a small prompt and enum.
    const cast = chapterCast(bible, chapter.index, section.text);
    const messages = renderTemplate(
      settings.template,
      screenplayValues({
        book: input.book,
        chapter,
        cast,
        section: {
          number: index + 1,
          count: sections.length,
          text: section.text,
          spokenWords: shares[index] ?? 20,
        },
        wordsPerMinute,
        summaries,
        context,
      }),
    );
    const answer = await askStructured(settings.structured, {
      name: "screenplay",
      schema: screenplayDraftSchema(cast),
      messages,
      check: (draft) => screenplayDraftIssues(draft, cast),
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const scenes: SceneDraft[] = answer.value.scenes;
    drafted.push({ sourceText: section.text, scenes, newCharacters: answer.value.newCharacters });
    summaries.push(
      ...scenes.map((scene) => scene.summary.trim()).filter((summary) => summary !== ""),
    );
    if (!refs.includes(answer.ref)) refs.push(answer.ref);
  }

  const speakers = new NewSpeakers(bible, chapter.index);
  const screenplay = screenplaySchema.parse({
    version: 1,
    chapter: { index: chapter.index, title: chapter.title, id: chapter.id },
    targetMinutes: target.minutes,
    writer: refs.join(", "),
    writerVersion: settings.version,
    scenes: scenesFromDrafts(chapter.index, drafted, bible, speakers),
  });
  return { screenplay, newCharacters: speakers.introduced() };
}
