import type { TaskOutput } from "../graph.js";
import { presentArtifact } from "./artifact-files.js";
import type { Executor } from "./index.js";
import { runMediaJob } from "./media-job.js";
import { numeric, optionalNumber, text } from "./task-params.js";

/** Silence after the last line, so a shot does not cut on the last syllable. */
const TAIL_SECONDS = 0.5;
const SHORTEST_CLIP_SECONDS = 2;

/**
 * A shot's moving picture (params: prompt, width, height, fps, seed, gapSeconds),
 * animated from the shot's still (first input) and as long as its lines (the other inputs,
 * speech outputs) with a gap between lines and a short tail.
 */
export const executeClip: Executor = async (task, inputs, context) => {
  const [imageId, ...speechIds] = task.inputs;
  const image = imageId === undefined ? undefined : inputs.get(imageId);
  const still = image?.artifacts.image;
  if (!still) throw new Error(`task ${task.id} needs a still from its first input`);
  const stillFile = presentArtifact(context.artifacts, still);
  if (!stillFile) throw new Error(`task ${task.id}: the still ${still} is missing from the cache`);
  const durationSeconds = clipSeconds(
    speechIds.map((id) => inputs.get(id)),
    numeric(task, "gapSeconds"),
  );
  const width = numeric(task, "width");
  const height = numeric(task, "height");
  const fps = numeric(task, "fps");
  const seed = optionalNumber(task, "seed");
  const { artifact, served } = await runMediaJob(
    task,
    {
      prompt: text(task, "prompt"),
      initImage: {
        path: stillFile.path,
        ...(typeof image?.values.url === "string" ? { url: image.values.url } : {}),
      },
      durationSeconds,
      width,
      height,
      fps,
      abortSignal: context.signal,
      ...(seed !== undefined ? { seed } : {}),
    },
    context,
  );
  return {
    output: {
      artifacts: { video: artifact.hash },
      values: { durationSeconds, width, height, fps },
    },
    ...served,
  };
};

/** Σ line durations + gaps between lines + the tail, never shorter than two seconds. */
export function clipSeconds(
  lines: ReadonlyArray<TaskOutput | undefined>,
  gapSeconds: number,
): number {
  let spoken = 0;
  for (const line of lines) {
    const seconds = line?.values.durationSeconds;
    if (typeof seconds !== "number") throw new Error("a clip input is not a speech output");
    spoken += seconds;
  }
  const total = spoken + gapSeconds * Math.max(0, lines.length - 1) + TAIL_SECONDS;
  return Math.round(Math.max(SHORTEST_CLIP_SECONDS, total) * 1000) / 1000;
}
