import { litinkError } from "../errors/catalog.js";
import { type Bible, NARRATOR, type Screenplay } from "./schema.js";
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
  /** Screen time of the lines written, at the speaking rate. */
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
 * screenplay when every model it names is in the tier's text chain (refs joined by ", ").
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
  minutes: number,
): ChapterOutcome {
  return {
    index: screenplay.chapter.index,
    title: screenplay.chapter.title,
    file,
    scenes: screenplay.scenes.length,
    shots: screenplay.scenes.reduce((sum, scene) => sum + scene.shots.length, 0),
    lines: screenplay.scenes.reduce((sum, scene) => sum + scene.lines.length, 0),
    status,
    minutes,
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

export interface CurrentWriter {
  name: string;
  version: string;
  /** The tier's usable text refs (empty offline). */
  refs: readonly string[];
}

/**
 * Why a saved screenplay cannot be reused, or null when it can: same chapter text, every id
 * it names still in the bible, and written by this writer at this version for this length.
 * A screenplay an LLM wrote is kept by an offline run (it was paid for and is better than an
 * extractive one) unless `rewrite` asks otherwise.
 */
export function staleReason(
  saved: Screenplay | null,
  chapter: BodyChapter,
  minutes: number,
  writer: CurrentWriter,
  bible: Bible,
  rewrite: boolean,
): string | null {
  if (saved === null) return "no screenplay yet";
  if (rewrite) return "asked to rewrite";
  if (saved.chapter.id !== chapter.id) return "the chapter's text changed";
  const missing = missingIds(saved, bible);
  if (missing.length > 0) return `the bible no longer has ${missing.slice(0, 5).join(", ")}`;
  const keptFromLlm = writer.refs.length === 0 && saved.writer !== writer.name;
  if (keptFromLlm) return null;
  if (!writtenBy(saved.writer, writer.name, writer.refs))
    return `written by ${saved.writer}, not ${writer.name}`;
  if (saved.writerVersion !== writer.version) return "written by another version of the writer";
  if (saved.targetMinutes !== minutes) return "the target length changed";
  return null;
}

/** Character and location ids a screenplay names that the bible lacks. */
export function missingIds(screenplay: Screenplay, bible: Bible): string[] {
  const known = new Set([NARRATOR, ...bible.characters.map((character) => character.id)]);
  const places = new Set(bible.locations.map((location) => location.id));
  const missing = new Set<string>();
  for (const scene of screenplay.scenes) {
    if (scene.location !== null && !places.has(scene.location)) missing.add(scene.location);
    for (const line of scene.lines) if (!known.has(line.speaker)) missing.add(line.speaker);
    for (const shot of scene.shots)
      for (const id of shot.characters) if (!known.has(id)) missing.add(id);
  }
  return [...missing].sort();
}
