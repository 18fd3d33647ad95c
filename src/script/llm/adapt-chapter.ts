import { screenplaySchema } from "../schema.js";
import type { AdaptInput, AdaptResult } from "../writer.js";
import { chapterCast } from "./cast.js";
import { earlierContext, formatPassages } from "./context.js";
import { type SceneDraft, screenplayDraftIssues, screenplayDraftSchema } from "./draft-schemas.js";
import { NewSpeakers } from "./new-speakers.js";
import { bookValues, screenplayValues } from "./prompt-values.js";
import {
  SECTION_KIND,
  type SectionCache,
  type StoredSection,
  sectionKey,
  storedSection,
} from "./section-cache.js";
import { sectionShares, splitSections } from "./sections.js";
import { askStructured, type StructuredContext } from "./structured-call.js";
import type { PromptTemplate } from "./templates.js";
import { renderTemplate } from "./templates.js";
import { type SectionScenes, scenesFromDrafts } from "./to-screenplay.js";

export interface AdaptSettings {
  structured: StructuredContext;
  template: PromptTemplate;
  repair: PromptTemplate;
  sectionWords: number;
  /** `ScriptWriter.version`, recorded in the screenplay. */
  version: string;
  /** Each section's answer by content (none: every section is asked). */
  sections?: SectionCache;
}

/**
 * One chapter: split into sections, each adapted in turn with its share of the spoken words
 * and the summaries of the sections before it, then stitched with chapter-wide ids. A
 * section whose answer is stored under its key (section-cache.ts) is not asked again; each new
 * answer is stored as soon as it passed validation, so a kill loses only the call in flight.
 */
export async function adaptWithLlm(
  settings: AdaptSettings,
  input: AdaptInput,
): Promise<AdaptResult> {
  const { chapter, bible, target } = input;
  const sections = splitSections(chapter.text, settings.sectionWords);
  if (sections.length === 0) sections.push({ text: chapter.title, words: 1 });
  const shares = sectionShares(sections, target);
  // Asked for once, and only when a section is not stored: a fully stored chapter reads no index.
  let context: Promise<string> | undefined;
  const contextText = () => {
    context ??= earlierContext(chapter, bible, input.passages).then(formatPassages);
    return context;
  };
  // Speaking rate as the target implies it, rounded so an edit's small change to the
  // chapter's minutes does not change any section's prompt or key.
  const wordsPerMinute = Math.round(target.spokenWords / target.minutes);
  const refs = settings.structured.links.map((link) => link.ref);

  const drafted: SectionScenes[] = [];
  const summaries: string[] = [];
  const served: string[] = [];
  let reused = 0;
  for (const [index, section] of sections.entries()) {
    // Each section sees only who it needs: no later characters, a small prompt and enum.
    const cast = chapterCast(bible, chapter.index, section.text);
    const spokenWords = shares[index] ?? 20;
    const targetMinutes = (spokenWords / wordsPerMinute).toFixed(1);
    const key = sectionKey({
      screenplay: settings.template,
      repair: settings.repair,
      book: bookValues(input.book),
      chapter: { index: chapter.index, title: chapter.title },
      text: section.text,
      cast,
      targetWords: spokenWords,
      targetMinutes,
    });
    let answer: StoredSection | null = storedSection(settings.sections, key, cast, refs);
    if (answer) {
      reused += 1;
    } else {
      const messages = renderTemplate(
        settings.template,
        screenplayValues({
          book: input.book,
          chapter,
          cast,
          section: { number: index + 1, count: sections.length, text: section.text, spokenWords },
          wordsPerMinute,
          summaries,
          context: await contextText(),
        }),
      );
      const asked = await askStructured(settings.structured, {
        name: "screenplay",
        schema: screenplayDraftSchema(cast),
        messages,
        check: (draft) => screenplayDraftIssues(draft, cast),
        ...(input.signal ? { signal: input.signal } : {}),
      });
      answer = { draft: asked.value, ref: asked.ref };
      store(settings.sections, key, chapter.index, answer);
    }
    const scenes: SceneDraft[] = answer.draft.scenes;
    drafted.push({
      sourceText: section.text,
      scenes,
      newCharacters: answer.draft.newCharacters,
    });
    summaries.push(
      ...scenes.map((scene) => scene.summary.trim()).filter((summary) => summary !== ""),
    );
    if (!served.includes(answer.ref)) served.push(answer.ref);
  }

  const speakers = new NewSpeakers(bible, chapter.index);
  const screenplay = screenplaySchema.parse({
    version: 1,
    chapter: { index: chapter.index, title: chapter.title, id: chapter.id },
    targetMinutes: target.minutes,
    writer: served.join(", "),
    writerVersion: settings.version,
    scenes: scenesFromDrafts(chapter.index, drafted, bible, speakers),
  });
  return {
    screenplay,
    newCharacters: speakers.introduced(),
    sections: { total: sections.length, reused },
  };
}

function store(
  cache: SectionCache | undefined,
  key: string,
  chapter: number,
  answer: StoredSection,
): void {
  if (!cache) return;
  const colon = answer.ref.indexOf(":");
  cache.putValue(key, {
    kind: SECTION_KIND,
    taskId: `${SECTION_KIND}:ch${String(chapter).padStart(2, "0")}`,
    parts: { kind: SECTION_KIND, taskVersion: 1, models: [answer.ref], params: {}, inputKeys: [] },
    value: answer,
    provider: colon < 0 ? null : answer.ref.slice(0, colon),
    model: colon < 0 ? answer.ref : answer.ref.slice(colon + 1),
    // What the call cost is in the ledger under the chapter's task; not split per section.
    costUsd: 0,
  });
}
