import { join, relative } from "node:path";
import type { Bible, Screenplay } from "../../script/schema.js";
import type { BodyChapter, CharacterDraft } from "../../script/writer.js";
import type { Executor, ExecutorContext } from "./index.js";
import { biblePath, dataHash, serialized } from "./script-files.js";
import { numeric, optionalNumber } from "./task-params.js";
import { watchSpend } from "./task-spend.js";
import { setupContextOf, voicesOnce, writerForRun } from "./writer-setup.js";

/**
 * One chapter's screenplay as `litink script` makes it (src/script/run.ts): the saved
 * `script/chapter-NN.json` is reused by `staleReason`'s rules, otherwise the writer adapts the
 * chapter, new speakers join the bible (saved first), then the screenplay is written.
 * Params: chapterId, minutes (the chapter's target), writerVersion, chapter (its number).
 */
export const executeAdapt: Executor = async (task, _inputs, context) => {
  const { jsonText, readBibleFile, readScreenplayFile, writeFileAtomic } = await import(
    "../../script/files.js"
  );
  const { missingIds, sameJson, servedBy } = await import("../../script/run-plan.js");
  const { adaptOrReuse } = await import("../../script/adapt-step.js");
  const { passagesFor } = await import("../../script/passages.js");
  const { chapterNumber } = await import("../../script/slug.js");
  const { chapterTarget } = await import("../../script/target.js");
  const body = context.book.chapters.filter(
    (chapter): chapter is BodyChapter => chapter.index !== null,
  );
  const index = numeric(task, "chapter");
  const chapter = body.find((candidate) => candidate.index === index);
  if (!chapter) throw new Error(`task ${task.id}: the book has no chapter ${index}`);
  const bible = context.state.bible ?? (await readBibleFile(biblePath(context)))?.bible;
  if (!bible) throw new Error(`task ${task.id} needs the bible, which is not made yet`);
  context.state.bible ??= bible;
  const number = chapterNumber(chapter.index, body.length);
  const path = join(context.folder, "script", `chapter-${number}.json`);
  const minutes = optionalNumber(task, "minutes");
  const script = context.loaded.config.script;
  // The planner passes the target's minutes, not `--minutes`: the default target when it
  // matches (so the ratio is exactly `litink script`'s), else one aimed at those minutes.
  const automatic = chapterTarget(chapter.words, script, undefined, context.book.language);
  const target =
    minutes === undefined || automatic.minutes === minutes
      ? automatic
      : chapterTarget(chapter.words, script, minutes, context.book.language);
  const spend = watchSpend(context.db, context.runId, task.id);
  const { writer, refs } = await writerForRun(context, task.id);
  const step = await adaptOrReuse({
    book: context.book,
    chapter,
    bodyChapters: body.length,
    bible,
    target,
    writer,
    refs,
    saved: await readScreenplayFile(path),
    rewrite: false,
    passages: () => passagesFor(context.file, context.book, setupContextOf(context)),
    events: context.events,
    signal: context.signal,
  });
  let screenplay: Screenplay;
  if (step.reused) {
    screenplay = step.screenplay;
  } else {
    const result = step.result;
    screenplay = result.screenplay;
    const added = result.newCharacters;
    screenplay = await serialized(context, async () => {
      // The bible as saved by now (another chapter may have added to it), never a stale copy.
      const before = context.state.bible ?? bible;
      let latest = before;
      let named = screenplay;
      if (added.length > 0) {
        latest = await extendVoiced(context, before, added);
        named = (await import("../../script/bible-steps.js")).withBibleIds(
          screenplay,
          added,
          latest,
        );
      }
      const missing = missingIds(named, latest);
      if (missing.length > 0)
        throw new Error(`the screenplay names ids the bible lacks: ${missing.join(", ")}`);
      // The bible first: the screenplay may name characters only the new bible holds.
      if (!sameJson(before, latest)) await writeFileAtomic(biblePath(context), jsonText(latest));
      context.state.bible = latest;
      await writeFileAtomic(path, jsonText(named));
      return named;
    });
  }
  context.state.screenplays.set(chapter.index, screenplay);
  const ledger = spend.settle();
  const served = servedBy(screenplay.writer, writer.name);
  return {
    output: {
      artifacts: {},
      values: { file: relative(context.folder, path), hash: dataHash(screenplay) },
    },
    costUsd: ledger.costUsd,
    provider: ledger.provider ?? served.provider,
    model: ledger.model ?? served.model,
    ...(ledger.fallbackFrom ? { fallbackFrom: ledger.fallbackFrom } : {}),
  };
};

/** `extendBible`, then voices for the newcomers (as `litink script` does). */
async function extendVoiced(
  context: ExecutorContext,
  bible: Bible,
  added: CharacterDraft[],
): Promise<Bible> {
  const steps = await import("../../script/bible-steps.js");
  return steps.extendVoiced(bible, added, await voicesOnce(context));
}
