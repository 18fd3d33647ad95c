import type { Bible } from "../../script/schema.js";
import type { Executor, ExecutorContext } from "./index.js";
import { biblePath, dataHash, serialized } from "./script-files.js";
import { watchSpend } from "./task-spend.js";
import { setupContextOf, voicesOnce, writerForRun } from "./writer-setup.js";

/**
 * The story bible as `litink script` makes it (src/script/run.ts): the user's bible.json wins
 * over any draft; otherwise the writer drafts one from the characters found in the book.
 * Voices are assigned from the tier's first speech provider that lists them; the file is
 * rewritten only when its data changed. Params: bookId, writerVersion.
 */
export const executeBible: Executor = async (task, _inputs, context) => {
  const { jsonText, readBibleFile, writeFileAtomic } = await import("../../script/files.js");
  const { sameJson, servedBy } = await import("../../script/run-plan.js");
  const { assignVoices, buildBible } = await import("../../script/bible/index.js");
  const path = biblePath(context);
  const spend = watchSpend(context.db, context.runId, task.id);
  return serialized(context, async () => {
    // Checked before any spending: a broken bible.json stops the run untouched (exit 65).
    const existing = await readBibleFile(path);
    const setupContext = setupContextOf(context);
    let bible: Bible;
    let writerName: string | null = null;
    if (existing) {
      bible = existing.bible;
    } else {
      const { writer } = await writerForRun(context, task.id);
      const { passagesFor } = await import("../../script/passages.js");
      const { findCharacters } = await import("../../script/extractive/index.js");
      const passages = await passagesFor(context.file, context.book, setupContext);
      try {
        const candidates = await findCharacters(context.book);
        const draft = await writer.draftBible({
          book: context.book,
          candidates,
          passages: passages.lookup,
          signal: context.signal,
        });
        bible = buildBible(draft, context.book, null);
        writerName = draft.writer;
      } finally {
        passages.close();
      }
    }
    // A bible whose every voice is already cast for the tier's first speech provider would not
    // change: asking that provider for its voice list would be the rerun's only request.
    if (!(await castFor(context, bible))) {
      const speech = await voicesOnce(context);
      if (speech) bible = assignVoices(bible, speech.provider, speech.voices);
    }
    if (!existing || !sameJson(existing.bible, bible)) await writeFileAtomic(path, jsonText(bible));
    context.state.bible = bible;
    const ledger = spend.settle();
    const served = writerName ? servedBy(writerName, writerName) : null;
    return {
      output: { artifacts: {}, values: { file: "bible.json", hash: dataHash(bible) } },
      costUsd: ledger.costUsd,
      ...(ledger.provider ? { provider: ledger.provider, model: ledger.model } : (served ?? {})),
      ...(ledger.fallbackFrom ? { fallbackFrom: ledger.fallbackFrom } : {}),
    };
  });
};

/** Whether the narrator and every character have a voice of the tier's first speech provider. */
async function castFor(context: ExecutorContext, bible: Bible): Promise<boolean> {
  const { usableChains } = await import("../../providers/tiers.js");
  let first: string | undefined;
  try {
    first = usableChains(context.tier, context.loaded.config, context.env, ["speech"]).speech[0];
  } catch {
    // voicesOnce says why, as a warning.
    return false;
  }
  if (first === undefined) return false;
  const provider = first.split(":")[0] ?? first;
  return [bible.narrator, ...bible.characters].every(
    (person) => person.voices[provider] !== undefined,
  );
}
