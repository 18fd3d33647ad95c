import { basename, extname, join, relative, resolve } from "node:path";
import type { LoadedConfig } from "../config/load.js";
import { litinkError } from "../errors/catalog.js";
import type { Book } from "../model/book.js";
import type { EventSink } from "../providers/middleware/index.js";
import type { Voice } from "../providers/spec/index.js";
import { adaptOrReuse } from "./adapt-step.js";
import { withBibleIds } from "./bible-steps.js";
import {
  jsonText,
  readBibleFile,
  readScreenplayFile,
  readScreenplays,
  writeFileAtomic,
} from "./files.js";
import { passagesFor } from "./passages.js";
import {
  type ChapterOutcome,
  missingIds,
  outcomeOf,
  sameJson,
  selectChapters,
  servedBy,
} from "./run-plan.js";
import type { Bible, Screenplay } from "./schema.js";
import { type SetupContext, voicesForTier, writerForTier } from "./setup.js";
import { chapterNumber, slugify } from "./slug.js";
import { chapterTarget, spokenMinutes } from "./target.js";
import type {
  BibleDraft,
  BodyChapter,
  CharacterCandidate,
  CharacterDraft,
  ScriptWriter,
} from "./writer.js";

export interface RunScriptOptions {
  file: string;
  /** Body chapter numbers; all of them when absent. */
  chapters?: number[];
  minutes?: number;
  flags: { tier?: string; offline?: boolean };
  /** Draft a new bible even when bible.json exists (and so adapt every chapter again). */
  rebuildBible?: boolean;
  /** Adapt the selected chapters again even when their screenplays are current. */
  rewrite?: boolean;
  /** The output root; files go to `<out>/<book-slug>/`. */
  out: string;
  loaded: LoadedConfig;
  env: NodeJS.ProcessEnv;
  events: EventSink;
  signal?: AbortSignal;
  onIndexProgress?: ((done: number, total: number) => void) | undefined;
  /** Replacements for the writer and bible steps (tests use hand-written fakes). */
  parts?: Partial<ScriptParts>;
}

/** The steps other folders implement, as `runScript` calls them. */
export interface ScriptParts {
  writer: ScriptWriter;
  findCharacters: (book: Book) => Promise<CharacterCandidate[]>;
  buildBible: (draft: BibleDraft, book: Book, existing: Bible | null) => Bible;
  extendBible: (bible: Bible, characters: CharacterDraft[]) => Bible;
  assignVoices: (bible: Bible, provider: string, voices: readonly Voice[]) => Bible;
}

export type { ChapterOutcome } from "./run-plan.js";

export interface ScriptResult {
  [field: string]: unknown;
  book: string;
  out: string;
  bible: string;
  fountain: string;
  characters: number;
  chapters: ChapterOutcome[];
}

/**
 * `litink script` without the CLI: story bible, one screenplay per chapter, the Fountain
 * export. Reruns pay nothing for chapters whose saved screenplay still fits (same chapter
 * text, target length and writer), and the user's bible.json wins over any draft.
 */
export async function runScript(options: RunScriptOptions): Promise<ScriptResult> {
  const { selectTier } = await import("../providers/tiers.js");
  const { tier } = selectTier(options.flags, options.loaded);
  const { readBook } = await import("../ingest/index.js");
  const book = await readBook(options.file);
  const body = book.chapters.filter((chapter): chapter is BodyChapter => chapter.index !== null);
  if (body.length === 0) throw litinkError("NoChapters", { file: options.file });
  const selected = selectChapters(body, options.chapters);

  const bookSlug = slugify(basename(options.file, extname(options.file)), "book");
  const folder = resolve(options.out, bookSlug);
  const biblePath = join(folder, "bible.json");
  const scriptFolder = join(folder, "script");
  // Checked before any indexing or spending: a broken bible.json stops the run untouched.
  const existing = options.rebuildBible ? null : await readBibleFile(biblePath);

  const context: SetupContext = {
    tier,
    loaded: options.loaded,
    env: options.env,
    events: options.events,
    bookId: book.id,
  };
  const setup = options.parts?.writer
    ? { writer: options.parts.writer, refs: [], spent: { usd: 0 }, close() {} }
    : await writerForTier(context);
  const passages = await passagesFor(options.file, book, {
    ...context,
    onProgress: options.onIndexProgress,
  }).catch((error: unknown) => {
    setup.close();
    throw error;
  });
  try {
    const parts = { ...(await import("./bible/index.js")), ...options.parts };
    const { assignVoices, buildBible, extendBible } = parts;
    let bible: Bible;
    if (existing) {
      bible = existing.bible;
    } else {
      const findCharacters =
        parts.findCharacters ?? (await import("./extractive/index.js")).findCharacters;
      const candidates = await findCharacters(book);
      const draft = await setup.writer.draftBible({
        book,
        candidates,
        passages: passages.lookup,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      bible = buildBible(draft, book, null);
    }
    const speech = await voicesForTier(context).catch((error: unknown) => {
      // A script needs no voice to be written: a speech chain that cannot be used here is
      // a warning, never a failure after the bible was paid for.
      options.events.emit("warning", {
        message: `voices were not assigned: ${(error as Error).message}`,
      });
      return null;
    });
    const voiced = (next: Bible) =>
      speech ? assignVoices(next, speech.provider, speech.voices) : next;
    bible = voiced(bible);
    let written = existing?.bible ?? null;
    const saveBible = async () => {
      if (written && sameJson(written, bible)) return;
      await writeFileAtomic(biblePath, jsonText(bible));
      written = bible;
    };
    await saveBible();

    const outcomes: ChapterOutcome[] = [];
    for (const chapter of selected) {
      options.signal?.throwIfAborted();
      const number = chapterNumber(chapter.index, body.length);
      const task = `adapt:ch${number}`;
      const path = join(scriptFolder, `chapter-${number}.json`);
      const target = chapterTarget(
        chapter.words,
        options.loaded.config.script,
        options.minutes,
        book.language,
      );
      const started = Date.now();
      const spentBefore = setup.spent.usd;
      options.events.emit("task-start", { task, kind: "adapt", chapter: chapter.index });
      const saved = await readScreenplayFile(path);
      let screenplay: Screenplay;
      let status: ChapterOutcome["status"];
      let reason: string | null = null;
      try {
        const step = await adaptOrReuse({
          book,
          chapter,
          bodyChapters: body.length,
          bible,
          target,
          writer: setup.writer,
          refs: setup.refs,
          saved,
          rewrite: Boolean(options.rewrite || options.rebuildBible),
          passages: async () => ({ lookup: passages.lookup, close() {} }),
          events: options.events,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        if (step.reused) {
          screenplay = step.screenplay;
          status = "cached";
        } else {
          reason = step.reason;
          screenplay = step.result.screenplay;
          const added = step.result.newCharacters;
          if (added.length > 0) {
            bible = voiced(extendBible(bible, added));
            screenplay = withBibleIds(screenplay, added, bible);
          }
          const missing = missingIds(screenplay, bible);
          if (missing.length > 0)
            throw new Error(`the screenplay names ids the bible lacks: ${missing.join(", ")}`);
          status = "done";
        }
      } catch (error) {
        options.events.emit("task-end", {
          task,
          kind: "adapt",
          status: "failed",
          ms: Date.now() - started,
          costUsd: setup.spent.usd - spentBefore,
          ...servedBy(null, setup.writer.name),
          chapter: chapter.index,
          title: chapter.title,
        });
        throw error;
      }
      if (status === "done") {
        // The bible first: the screenplay may name characters only the new bible holds.
        await saveBible();
        await writeFileAtomic(path, jsonText(screenplay));
      }
      const outcome = outcomeOf(
        screenplay,
        relative(folder, path),
        status,
        spokenMinutes(
          screenplay.scenes.flatMap((scene) => scene.lines.map((line) => line.text)),
          options.loaded.config.script,
          book.language,
        ),
      );
      options.events.emit("task-end", {
        task,
        kind: "adapt",
        status,
        ms: Date.now() - started,
        costUsd: setup.spent.usd - spentBefore,
        ...servedBy(screenplay.writer, setup.writer.name),
        chapter: chapter.index,
        title: chapter.title,
        scenes: outcome.scenes,
        lines: outcome.lines,
        minutes: outcome.minutes,
        ...(status === "done" && reason ? { reason } : {}),
      });
      outcomes.push(outcome);
    }

    const fountainPath = join(scriptFolder, `${bookSlug}.fountain`);
    // Only screenplays of the book as it is now: a chapter edited since its screenplay was
    // written is left out (and said so) until it is adapted again.
    const current = new Map(body.map((chapter) => [chapter.index, chapter.id]));
    const all: Screenplay[] = [];
    for (const screenplay of await readScreenplays(scriptFolder)) {
      const id = current.get(screenplay.chapter.index);
      if (id === undefined) continue;
      if (id === screenplay.chapter.id && missingIds(screenplay, bible).length === 0)
        all.push(screenplay);
      else
        options.events.emit("warning", {
          message: `chapter ${screenplay.chapter.index} changed since its screenplay was written; it is left out of the Fountain file until it is adapted again`,
        });
    }
    const { toFountain } = await import("./fountain.js");
    await writeFileAtomic(fountainPath, toFountain(bible, all, { source: basename(options.file) }));

    return {
      book: options.file,
      out: folder,
      bible: biblePath,
      fountain: fountainPath,
      characters: bible.characters.length,
      chapters: outcomes,
    };
  } finally {
    passages.close();
    setup.close();
  }
}
