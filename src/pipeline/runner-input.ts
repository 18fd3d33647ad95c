import { join } from "node:path";
import type { Book } from "../model/book.js";
import type { TextModel } from "../providers/spec/index.js";
import type { CurrentWriter } from "../script/run-plan.js";
import type { Screenplay } from "../script/schema.js";
import type { BodyChapter } from "../script/writer.js";
import type { PlanInput } from "./plan.js";
import type { BookJob, SharedRun } from "./runner-book.js";

/** The planner's input: the selected chapters, and the bible and screenplays known on disk. */
export async function planInputFor(
  shared: Pick<SharedRun, "loaded" | "tier" | "chains" | "options">,
  job: Pick<BookJob, "file" | "folder">,
  book: Book,
): Promise<{ plan: PlanInput }> {
  const { litinkError } = await import("../errors/catalog.js");
  const { selectChapters } = await import("../script/run-plan.js");
  const { readBibleFile, readScreenplays } = await import("../script/files.js");
  const { pricesFor } = await import("../providers/tiers.js");
  const body = book.chapters.filter((chapter): chapter is BodyChapter => chapter.index !== null);
  if (body.length === 0) throw litinkError("NoChapters", { file: job.file });
  const chapters = selectChapters(body, shared.options.chapters);
  const bible = (await readBibleFile(join(job.folder, "bible.json")))?.bible ?? null;
  const writer = await currentWriter(shared);
  const screenplays = new Map<number, Screenplay>();
  if (bible) {
    const { staleReason } = await import("../script/run-plan.js");
    const { chapterTarget } = await import("../script/target.js");
    const byIndex = new Map(chapters.map((chapter) => [chapter.index, chapter]));
    // Only screenplays the adapt task will keep (`litink script`'s rules): media planned from
    // one it rewrites would start early with the old lines and shots.
    for (const screenplay of await readScreenplays(join(job.folder, "script"))) {
      const chapter = byIndex.get(screenplay.chapter.index);
      if (!chapter) continue;
      const target = chapterTarget(
        chapter.words,
        shared.loaded.config.script,
        shared.options.minutes,
        book.language,
      );
      if (staleReason(screenplay, chapter, target.minutes, writer, bible, false) === null)
        screenplays.set(chapter.index, screenplay);
    }
  }
  return {
    plan: {
      file: job.file,
      bookId: book.id,
      language: book.language,
      chapters,
      bodyChapters: body.length,
      bible,
      screenplays,
      tier: shared.tier,
      chains: shared.chains,
      prices: pricesFor(shared.loaded.config),
      aspect: shared.options.aspect,
      quality: shared.options.quality,
      ...(shared.options.minutes !== undefined ? { minutes: shared.options.minutes } : {}),
      script: shared.loaded.config.script,
      writerVersion: writer.version,
      render: {
        burnSubtitles: shared.options.burnSubtitles ?? false,
        music: shared.options.music ? await fileHash(shared.options.music) : null,
      },
    },
  };
}

/**
 * sha256 of the `--music` bed: its artifact hash, which the render's key reads. Checked again
 * here for `litink resume`, whose file may have gone since the run started (66, not a crash).
 */
async function fileHash(path: string): Promise<string> {
  (await import("./music-file.js")).checkMusicFile(path);
  const { readFile } = await import("node:fs/promises");
  const { createHash } = await import("node:crypto");
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

/**
 * The writer the adapt task will use, as `staleReason` sees it. For an LLM tier the default
 * templates stand in for the user's: a wrong guess only makes a screenplay look stale, which
 * plans its media after adapt instead of before — slower to start, never wrong.
 */
async function currentWriter(
  shared: Pick<SharedRun, "loaded" | "tier" | "chains">,
): Promise<CurrentWriter> {
  if (shared.tier === "local") {
    const writer = (await import("../script/extractive/index.js")).extractiveWriter();
    return { name: writer.name, version: writer.version, refs: [] };
  }
  const refs = shared.chains.text;
  const { llmWriter } = await import("../script/llm/index.js");
  const writer = llmWriter({
    links: refs.map((ref) => ({ ref, model: null as unknown as TextModel })),
    sectionWords: shared.loaded.config.script.sectionWords,
    events: { emit() {} },
  });
  // User templates change the version; with any set, every screenplay looks stale here.
  const custom = Object.keys(shared.loaded.config.script.templates ?? {}).length > 0;
  return { name: writer.name, version: custom ? "user-templates" : writer.version, refs };
}
