import type {
  ImageCallOptions,
  ImageModel,
  VideoCallOptions,
  VideoModel,
} from "../../providers/spec/index.js";
import type { Artifact } from "../../store/artifacts.js";
import type { Task } from "../graph.js";
import { checkedSink } from "./artifact-files.js";
import type { ExecuteResult, ExecutorContext } from "./index.js";
import { taskKeyOf } from "./task-params.js";
import { watchSpend } from "./task-spend.js";

export interface MediaJobResult {
  artifact: Artifact;
  /** The provider's http(s) link to the file, when it gave one (image-to-video needs it). */
  url?: string;
  served: Pick<ExecuteResult, "provider" | "model" | "fallbackFrom" | "costUsd">;
}

/** Jobs in flight in this process, by task key (shots with one prompt share one key). */
const inFlight = new Map<string, Promise<MediaJobResult>>();

/**
 * One image or video job through the task's chain, persisted under the task's cache key by
 * `runJob`: a task that was submitted before (and perhaps paid) polls that job again or reuses
 * its stored file instead of submitting a second one. Two tasks with one key at once (two
 * shots with the same prompt) share the first one's job: the jobs table only dedupes what was
 * saved, and both would otherwise submit, and pay, before either saved its handle.
 */
export async function runMediaJob(
  task: Task,
  options: ImageCallOptions | VideoCallOptions,
  context: ExecutorContext,
): Promise<MediaJobResult> {
  const key = taskKeyOf(task);
  const running = inFlight.get(key);
  if (running) {
    try {
      const shared = await running;
      // Paid once, by the task that submitted it.
      return { ...shared, served: { ...shared.served, costUsd: 0 } };
    } catch {
      // That task failed (or was aborted): this one tries on its own.
      return runMediaJob(task, options, context);
    }
  }
  const job = submitMediaJob(task, key, options, context);
  inFlight.set(key, job);
  try {
    return await job;
  } finally {
    if (inFlight.get(key) === job) inFlight.delete(key);
  }
}

async function submitMediaJob(
  task: Task,
  key: string,
  options: ImageCallOptions | VideoCallOptions,
  context: ExecutorContext,
): Promise<MediaJobResult> {
  forgetEarlierFallback(context, key, task.chain[0]);
  const { routeOf, runJob } = await import("../../providers/middleware/index.js");
  const spend = watchSpend(context.db, context.runId, task.id);
  const job = {
    db: context.db,
    key,
    artifacts: checkedSink(context.db, context.artifacts),
    abortSignal: context.signal,
    events: context.events,
  };
  const result =
    task.modality === "video"
      ? await runJob(
          await context.chain<VideoModel>("video", task.chain, task.id),
          options as VideoCallOptions,
          job,
        )
      : await runJob(
          await context.chain<ImageModel>("image", task.chain, task.id),
          options as ImageCallOptions,
          job,
        );
  const artifact = result.artifacts?.[0];
  if (!artifact) throw new Error(`task ${task.id}: the provider returned no file`);
  const ledger = spend.settle();
  // runJob returns a copy of the chain's result, so the route note rarely survives; the
  // ledger row (this call) or the saved job (an earlier run's call) says who served it.
  const route = routeOf(result);
  const saved = context.db.prepare("SELECT provider, model FROM jobs WHERE key = ?").get(key) as
    | { provider: string; model: string }
    | undefined;
  const provider = route?.provider ?? ledger.provider ?? result.handle?.provider ?? saved?.provider;
  const model = route?.modelId ?? ledger.model ?? result.handle?.modelId ?? saved?.model;
  const fallbackFrom = route?.fallbackFrom ?? ledger.fallbackFrom;
  const url = result.outputs[0]?.url;
  return {
    artifact,
    ...(url && /^https?:\/\//.test(url) ? { url } : {}),
    served: {
      costUsd: ledger.costUsd,
      ...(provider ? { provider } : {}),
      ...(model ? { model } : {}),
      ...(fallbackFrom ? { fallbackFrom } : {}),
    },
  };
}

/**
 * A job a fallback link finished in an earlier run is not reused: that output was not cached
 * (a downgrade is not kept for good), and reusing its saved job would never try the tier's
 * own model again. A job of this run (a resume after a kill) and any job still processing
 * (perhaps paid) are kept.
 */
function forgetEarlierFallback(
  context: ExecutorContext,
  key: string,
  primary: string | undefined,
): void {
  if (primary === undefined) return;
  const saved = context.db
    .prepare(
      "SELECT provider, model, updated_at AS at FROM jobs WHERE key = ? AND state = 'succeeded'",
    )
    .get(key) as { provider: string; model: string; at: string } | undefined;
  if (!saved || `${saved.provider}:${saved.model}` === primary) return;
  const run = context.db
    .prepare("SELECT started_at AS at FROM runs WHERE id = ?")
    .get(context.runId) as { at: string } | undefined;
  if (run && saved.at >= run.at) return;
  context.db.prepare("DELETE FROM jobs WHERE key = ? AND state = 'succeeded'").run(key);
}
