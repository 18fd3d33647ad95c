import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, link, mkdir, rename, rm, stat } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import type { Task, TaskOutput } from "../graph.js";
import { presentArtifact } from "./artifact-files.js";
import type { ExecutorContext } from "./index.js";

/**
 * Puts a task's artifacts under stable names in `media/` (`<shot or line id>.<ext>`,
 * `portrait-<character id>.<ext>`), hard-linked from the cache (a copy where links fail),
 * each through a temp name and a rename so a reader never sees half a file. A file that
 * already holds the same bytes is left alone. Returns paths relative to the book folder.
 */
export async function materializeOutput(
  task: Task,
  output: TaskOutput,
  context: ExecutorContext,
): Promise<string[]> {
  if (task.kind === "render") return materializeRender(task, output, context);
  const roles = Object.keys(output.artifacts).sort();
  if (roles.length === 0) return [];
  await mkdir(context.mediaFolder, { recursive: true });
  const base = mediaName(task);
  const paths: string[] = [];
  for (const role of roles) {
    const hash = output.artifacts[role] as string;
    const artifact = presentArtifact(context.artifacts, hash);
    if (!artifact) throw new Error(`task ${task.id}: its ${role} file ${hash} is not in the cache`);
    const name = `${roles.length === 1 ? base : `${base}-${role}`}${extname(artifact.path)}`;
    const target = join(context.mediaFolder, name);
    if (!(await holds(target, artifact.path, hash))) await place(artifact.path, target);
    paths.push(relative(context.folder, target));
  }
  return paths;
}

/** A render's file roles and their extension beside each other in the book folder. */
const RENDER_FILES: ReadonlyArray<[role: string, extension: string]> = [
  ["video", ".mp4"],
  ["srt", ".srt"],
  ["vtt", ".vtt"],
];

/**
 * `chapter-NN-<slug>.mp4/.srt/.vtt` in the book folder itself (DESIGN.md §1), beside each
 * other so players pick the subtitles up; the plan (`timeline` role) stays in the cache.
 */
async function materializeRender(
  task: Task,
  output: TaskOutput,
  context: ExecutorContext,
): Promise<string[]> {
  const fileBase = task.params.fileBase;
  if (typeof fileBase !== "string" || !/^[A-Za-z0-9._-]+$/.test(fileBase))
    throw new Error(`task ${task.id} has no usable file name`);
  await mkdir(context.folder, { recursive: true });
  const paths: string[] = [];
  for (const [role, extension] of RENDER_FILES) {
    const hash = output.artifacts[role];
    if (hash === undefined) continue;
    const artifact = presentArtifact(context.artifacts, hash);
    if (!artifact) throw new Error(`task ${task.id}: its ${role} file ${hash} is not in the cache`);
    const target = join(context.folder, `${fileBase}${extension}`);
    if (!(await holds(target, artifact.path, hash))) await place(artifact.path, target);
    paths.push(relative(context.folder, target));
  }
  return paths;
}

/** `portrait-<character id>` for portraits; the shot or line id (from the task id) for the rest. */
export function mediaName(task: Task): string {
  const param = (name: string) => {
    const value = task.params[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const afterKind = task.id.slice(task.id.indexOf(":") + 1);
  const id = task.kind === "portrait" ? `portrait-${param("characterId") ?? afterKind}` : afterKind;
  // Ids are planner-made (`ch01-sc02-sh01`); anything else is kept out of the path.
  return id.replace(/[^A-Za-z0-9._-]+/g, "_");
}

async function holds(target: string, source: string, hash: string): Promise<boolean> {
  const [existing, original] = await Promise.all([stat(target).catch(() => null), stat(source)]);
  if (!existing || existing.size !== original.size) return false;
  if (existing.ino === original.ino && existing.dev === original.dev) return true;
  return (await fileHash(target)) === hash;
}

async function place(source: string, target: string): Promise<void> {
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await link(source, temporary).catch(() => copyFile(source, temporary));
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
}

function fileHash(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}
