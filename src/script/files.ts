import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { LitinkError } from "../errors/app-error.js";
import { litinkError } from "../errors/catalog.js";
import { type Bible, bibleSchema, type Screenplay, screenplaySchema } from "./schema.js";

/**
 * The files `litink script` reads and writes. Every write is atomic (a temp file in the same
 * folder, then a rename), so an interrupted run leaves either the old file or the new one,
 * never half of one — the user's bible.json above all.
 */

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, text, "utf8");
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw outputError(path, error);
  }
}

/** File-system refusals are the user's to fix (a file where a folder should be, permissions). */
function outputError(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOTDIR: "a file is in the way of a folder on its path",
    EEXIST: "a file is in the way of a folder on its path",
    EISDIR: "a folder is in its place",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "the file system is read-only",
    ENOSPC: "the disk is full",
  };
  const reason = code ? reasons[code] : undefined;
  return reason ? litinkError("OutputUnwritable", { file: path, detail: reason }, error) : error;
}

/** Stable, diff-friendly JSON: two-space indent and a final newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export interface BibleFile {
  bible: Bible;
  /** The bytes as read, so an unchanged bible is never rewritten. */
  text: string;
}

/**
 * The user's bible.json, or null when there is none. A file that is not valid JSON or not a
 * bible is an error (65) naming the file and the place; it is never overwritten, since it may
 * hold edits the user cares about.
 */
export async function readBibleFile(path: string): Promise<BibleFile | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    throw litinkError(
      "FileUnreadable",
      { file: path, reason: code === "EISDIR" ? "it is a folder, not a file" : String(code) },
      error,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw bibleInvalid(path, [`not valid JSON: ${(error as Error).message}`], error);
  }
  const parsed = bibleSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 8).map((issue) => {
      const at = issue.path.length > 0 ? issue.path.map(String).join(".") : "(the whole file)";
      return `${at}: ${issue.message}`;
    });
    throw bibleInvalid(path, issues);
  }
  return { bible: parsed.data, text };
}

function bibleInvalid(file: string, issues: string[], cause?: unknown): LitinkError {
  return litinkError("BibleInvalid", { file, issues }, cause);
}

/** A screenplay written earlier, or null when missing or not a screenplay (it is redone). */
export async function readScreenplayFile(path: string): Promise<Screenplay | null> {
  const text = await readFile(path, "utf8").catch(() => null);
  if (text === null) return null;
  try {
    const parsed = screenplaySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Every valid `chapter-NN.json` in a script folder, in chapter order. */
export async function readScreenplays(folder: string): Promise<Screenplay[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const screenplays = await Promise.all(
    names
      .filter((name) => /^chapter-\d+\.json$/.test(name))
      .map((name) => readScreenplayFile(join(folder, name))),
  );
  return screenplays
    .filter((screenplay): screenplay is Screenplay => screenplay !== null)
    .sort((left, right) => left.chapter.index - right.chapter.index);
}
