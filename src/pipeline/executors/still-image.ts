import type { ImageCallOptions } from "../../providers/spec/index.js";
import type { Task } from "../graph.js";
import type { ExecuteResult, ExecutorContext } from "./index.js";
import { runMediaJob } from "./media-job.js";
import { numeric, optionalNumber, optionalRecord, optionalText, text } from "./task-params.js";

/** A portrait or a shot's still: one image job, its file as the `image` artifact. */
export async function executeStill(task: Task, context: ExecutorContext): Promise<ExecuteResult> {
  const width = numeric(task, "width");
  const height = numeric(task, "height");
  const negativePrompt = optionalText(task, "negativePrompt");
  const seed = optionalNumber(task, "seed");
  const frame = optionalRecord(task, "frame");
  const options: ImageCallOptions = {
    prompt: text(task, "prompt"),
    width,
    height,
    abortSignal: context.signal,
    ...(negativePrompt ? { negativePrompt } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(frame ? { frame: frame as ImageCallOptions["frame"] } : {}),
  };
  const { artifact, url, served } = await runMediaJob(task, options, context);
  return {
    output: {
      artifacts: { image: artifact.hash },
      // The provider's link lets a remote image-to-video model fetch the still; a local
      // file path means nothing to it (ModelsLab refuses a start frame it cannot download).
      values: { width, height, mediaType: artifact.mediaType, ...(url ? { url } : {}) },
    },
    ...served,
  };
}
