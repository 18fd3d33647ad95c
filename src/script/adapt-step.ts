import type { Book } from "../model/book.js";
import type { EventSink } from "../providers/middleware/index.js";
import { limitedTo } from "./passages.js";
import { staleReason } from "./run-plan.js";
import { type Bible, type Screenplay, screenplaySchema } from "./schema.js";
import type { ChapterTarget } from "./target.js";
import type { AdaptResult, BodyChapter, PassageLookup, ScriptWriter } from "./writer.js";

export interface AdaptStepInput {
  book: Book;
  chapter: BodyChapter;
  bodyChapters: number;
  bible: Bible;
  target: ChapterTarget;
  writer: ScriptWriter;
  /** The tier's usable text refs (empty offline). */
  refs: readonly string[];
  /** The chapter's saved `chapter-NN.json`, if any. */
  saved: Screenplay | null;
  rewrite: boolean;
  /** Opened only when the chapter must be adapted (reuse reads no index). */
  passages: () => Promise<{ lookup: PassageLookup; close(): void }>;
  events: EventSink;
  signal?: AbortSignal;
}

export type AdaptStep =
  | { reused: true; screenplay: Screenplay }
  | { reused: false; reason: string; result: AdaptResult };

/**
 * One chapter as `litink script` and the generate runner both decide it: reuse the saved
 * screenplay when `staleReason` finds nothing stale (saying so when an offline run keeps an
 * LLM's), else adapt it with retrieval limited to earlier chapters. Writing files and
 * extending the bible stay with the caller, which owns them.
 */
export async function adaptOrReuse(input: AdaptStepInput): Promise<AdaptStep> {
  const { writer, saved, chapter } = input;
  const reason = staleReason(
    saved,
    chapter,
    input.target.minutes,
    { name: writer.name, version: writer.version, refs: input.refs },
    input.bible,
    input.rewrite,
  );
  if (saved && reason === null) {
    if (saved.writer !== writer.name && input.refs.length === 0)
      input.events.emit("warning", {
        message: `chapter ${chapter.index} keeps the screenplay ${saved.writer} wrote; --rewrite adapts it again offline`,
      });
    return { reused: true, screenplay: saved };
  }
  const passages = await input.passages();
  try {
    const result = await writer.adaptChapter({
      book: input.book,
      chapter,
      bodyChapters: input.bodyChapters,
      bible: input.bible,
      target: input.target,
      passages: limitedTo(passages.lookup, chapter.index),
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const sections = result.sections;
    // "1 of 4 sections adapted again": what an edit cost, for the report.
    const partly =
      sections && sections.total > 1 && sections.reused > 0
        ? ` (${sections.total - sections.reused} of ${sections.total} sections adapted again)`
        : "";
    return {
      reused: false,
      reason: `${reason ?? "no screenplay yet"}${partly}`,
      result: { ...result, screenplay: screenplaySchema.parse(result.screenplay) },
    };
  } finally {
    passages.close();
  }
}
