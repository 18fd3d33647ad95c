import { litinkError } from "../errors/catalog.js";
import type { Screenplay } from "./schema.js";
import type { BodyChapter } from "./writer.js";

/** The pure decisions of `runScript`: which chapters, whether a saved screenplay is current. */

export interface ChapterOutcome {
  index: number;
  title: string;
  /** Relative to the book's output folder. */
  file: string;
  scenes: number;
  shots: number;
  lines: number;
  status: "done" | "cached";
  minutes: number;
}

/** Unknown chapter numbers are a usage error that names the valid range. */
export function selectChapters(body: BodyChapter[], wanted: number[] | undefined): BodyChapter[] {
  if (wanted === undefined) return body;
  const unknown = wanted.filter((index) => !body.some((chapter) => chapter.index === index));
  if (unknown.length > 0)
    throw litinkError("UsageError", {
      detail: `--chapters ${unknown.join(",")}: the book has ${body.length} chapter${body.length === 1 ? "" : "s"} (1–${body.length})`,
    });
  return body.filter((chapter) => wanted.includes(chapter.index));
}

/**
 * Whether a saved screenplay came from the writer in use: the offline writer by name; an LLM
 * screenplay when every model it names is in the tier's text chain.
 */
export function writtenBy(saved: string, writer: string, refs: readonly string[]): boolean {
  if (saved === writer) return true;
  if (refs.length === 0) return false;
  const named = saved.split(/[\s,+|>]+/).filter((part) => part !== "");
  return named.length > 0 && named.every((ref) => refs.includes(ref));
}

export function servedBy(writer: string | null, fallback: string) {
  const first = (writer ?? fallback).split(/[\s,+|>]+/)[0] ?? fallback;
  const colon = first.indexOf(":");
  return colon < 0
    ? { provider: "local", model: first }
    : { provider: first.slice(0, colon), model: first.slice(colon + 1) };
}

export function outcomeOf(
  screenplay: Screenplay,
  file: string,
  status: ChapterOutcome["status"],
): ChapterOutcome {
  return {
    index: screenplay.chapter.index,
    title: screenplay.chapter.title,
    file,
    scenes: screenplay.scenes.length,
    shots: screenplay.scenes.reduce((sum, scene) => sum + scene.shots.length, 0),
    lines: screenplay.scenes.reduce((sum, scene) => sum + scene.lines.length, 0),
    status,
    minutes: screenplay.targetMinutes,
  };
}

/** Equal as data, whatever the key order (so a user's own formatting is never rewritten). */
export function sameJson(left: unknown, right: unknown): boolean {
  return JSON.stringify(sorted(left)) === JSON.stringify(sorted(right));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
    );
  return value;
}

/** A saved screenplay is reused when the chapter text, the target length and the writer match. */
export function isCurrent(
  saved: Screenplay | null,
  chapter: BodyChapter,
  minutes: number,
  writer: string,
  refs: readonly string[],
): saved is Screenplay {
  return (
    saved !== null &&
    saved.chapter.id === chapter.id &&
    saved.targetMinutes === minutes &&
    writtenBy(saved.writer, writer, refs)
  );
}
