import type { Artifact } from "../../store/artifacts.js";
import type { Db } from "../../store/db.js";
import { type ArtifactSink, type DownloadOptions, downloadOutputs } from "../download.js";
import { ProviderError } from "../provider-error.js";
import type {
  ImageCallOptions,
  ImageModel,
  JobHandle,
  JobStart,
  MediaOutput,
  ResultBase,
  VideoCallOptions,
  VideoModel,
} from "../spec/index.js";
import type { EventSink } from "./call-scope.js";
import { routeOf } from "./route.js";
import { wait } from "./wait.js";

export interface RunJobOptions {
  db: Db;
  /** The caller's stable key for this piece of work (e.g. the task's cache key). */
  key: string;
  /** When to poll a queued job (default `DEFAULT_POLL`). */
  poll?: Partial<PollSchedule>;
  /** A fixed interval instead of the backoff (the same as `poll: {firstMs: n, maxMs: n}`). */
  pollIntervalMs?: number;
  /** How a wait between polls happens; tests record the schedule through it. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** How long this run waits for the job; the job itself keeps going at the provider. */
  timeoutMs?: number;
  abortSignal?: AbortSignal;
  events?: EventSink;
  /**
   * Where to copy the outputs the moment the job succeeds (provider links expire). With it,
   * the job row records the artifact hashes, and a later run with the same key returns them
   * without asking the provider again (when `get` finds them).
   */
  artifacts?: ArtifactSink & { get?(hash: string): Artifact | null };
  download?: Partial<Pick<DownloadOptions, "timeoutMs" | "maxBytes" | "dispatcher">>;
}

export interface JobResult extends ResultBase {
  outputs: MediaOutput[];
  handle?: JobHandle;
  /** True when this run polled a job an earlier run had started. */
  resumed: boolean;
  /** The outputs in the artifact store, when `artifacts` was given. */
  artifacts?: Artifact[];
}

interface JobRow {
  handle: string;
  state: "processing" | "succeeded" | "failed";
  result: string | null;
}

interface SavedResult extends ResultBase {
  outputs: MediaOutput[];
  artifacts?: string[];
  /** Finished at submission, without a job id: served from this row, never re-submitted. */
  immediate?: boolean;
}

const DOWNLOAD_DEFAULTS = { timeoutMs: 300_000, maxBytes: 1024 * 1024 * 1024 };

/**
 * Waits between polls: `firstMs`, then ×`factor` per poll, never past `maxMs`. A fixed 2 s
 * made every job wait up to 2 s past its end; a short first wait catches jobs that finish
 * quickly, and the backoff keeps a long one (video: minutes) to one request per `maxMs`.
 */
export interface PollSchedule {
  firstMs: number;
  factor: number;
  maxMs: number;
}

export const DEFAULT_POLL: PollSchedule = { firstMs: 250, factor: 1.5, maxMs: 2000 };

/**
 * The wait before poll number `attempt` (0 = the first after the submission). The provider's
 * `eta` (seconds from its last reply, ModelsLab's `eta`) is honoured as "not before": asking
 * earlier only earns another `processing`. It never shortens the backoff (an eta that keeps
 * saying "almost" must not turn into a busy loop) and is capped at `maxMs`, since etas are
 * estimates and some endpoints answer a fixed one whatever the job.
 */
export function pollDelay(schedule: PollSchedule, attempt: number, etaSeconds?: number): number {
  const backoff = Math.min(schedule.maxMs, schedule.firstMs * schedule.factor ** attempt);
  const eta = etaSeconds !== undefined && Number.isFinite(etaSeconds) ? etaSeconds * 1000 : 0;
  return Math.round(Math.min(schedule.maxMs, Math.max(backoff, eta)));
}

function scheduleOf(job: RunJobOptions): PollSchedule {
  if (job.pollIntervalMs !== undefined) {
    return { firstMs: job.pollIntervalMs, factor: 1, maxMs: job.pollIntervalMs };
  }
  return { ...DEFAULT_POLL, ...job.poll };
}

/**
 * Runs a paid async job to the end, never paying for it twice. A job already saved under
 * `key` is polled again, never re-submitted (also when it succeeded before: its outputs are
 * fetched again, cheaply, because the caller may have crashed before storing them). Otherwise
 * the job is started and its handle saved before the first poll. When this run stops waiting
 * it throws a `timeout` failure and leaves the row `processing`, so the next run resumes it.
 * A job that failed at the provider is started afresh next time.
 */
export function runJob(
  model: ImageModel,
  options: ImageCallOptions,
  job: RunJobOptions,
): Promise<JobResult>;
export function runJob(
  model: VideoModel,
  options: VideoCallOptions,
  job: RunJobOptions,
): Promise<JobResult>;
export async function runJob(
  model: ImageModel | VideoModel,
  options: ImageCallOptions | VideoCallOptions,
  job: RunJobOptions,
): Promise<JobResult> {
  const { db, key, events } = job;
  const schedule = scheduleOf(job);
  const timeoutMs = job.timeoutMs ?? 10 * 60_000;
  const saved = db.prepare("SELECT handle, state, result FROM jobs WHERE key = ?").get(key) as
    | JobRow
    | undefined;
  const stored = saved?.state === "succeeded" ? storedArtifacts(saved, job) : undefined;
  if (saved?.state === "succeeded" && !stored && savedResult(saved)?.immediate) {
    // Finished at submission: there is no job to poll, and submitting again would pay again.
    return finishImmediate(JSON.parse(saved.handle) as JobHandle, savedResult(saved)!, true);
  }
  if (saved && stored) {
    return {
      ...stored.result,
      artifacts: stored.artifacts,
      handle: JSON.parse(saved.handle) as JobHandle,
      resumed: true,
    };
  }

  let handle: JobHandle;
  const resumed = saved !== undefined && saved.state !== "failed";
  if (saved && resumed) {
    handle = JSON.parse(saved.handle) as JobHandle;
    events?.emit("job-resume", {
      key,
      provider: handle.provider,
      model: handle.modelId,
      jobId: handle.jobId,
    });
  } else {
    const start = await startJob(model, options, job.abortSignal ?? options.abortSignal);
    if (start.state === "succeeded") {
      const { state: _state, ...result } = start;
      if (start.handle) {
        const artifacts = await keep(result, start.handle);
        save(db, key, start.handle, "succeeded", result, artifacts);
        return { ...result, resumed: false, ...(artifacts ? { artifacts } : {}) };
      }
      // No handle: saved at once (outputs and all), before the download, so that a failed
      // download or a second run with this key never pays for the image again.
      const served = routeOf(start) ?? model;
      const owner: JobHandle = {
        provider: served.provider,
        modelId: served.modelId,
        jobId: "",
        startedAt: new Date().toISOString(),
      };
      save(db, key, owner, "succeeded", result, undefined, true);
      return finishImmediate(owner, { ...result, immediate: true }, false, result.outputs);
    }
    handle = start.handle;
    save(db, key, handle, "processing");
    events?.emit("job-start", {
      key,
      provider: handle.provider,
      model: handle.modelId,
      jobId: handle.jobId,
    });
  }

  const pause = (ms: number) =>
    job.sleep ? job.sleep(ms, job.abortSignal) : wait(ms, job.abortSignal, handle);
  // A fresh job waits before its first poll; a resumed one (started by an earlier run) is
  // asked at once, and then backs off like any other.
  let attempt = 0;
  let etaSeconds = resumed ? undefined : handle.etaSeconds;
  if (!resumed) await pause(pollDelay(schedule, attempt++, etaSeconds));
  const startedWaiting = Date.now();
  for (;;) {
    const status = await model.doStatus(handle, { abortSignal: job.abortSignal });
    if (status.state === "succeeded") {
      const { state: _state, ...result } = status;
      // Saved as succeeded only once the files are ours: a failed download is polled again.
      const artifacts = await keep(result, handle);
      save(db, key, handle, "succeeded", result, artifacts);
      return { ...result, handle, resumed, ...(artifacts ? { artifacts } : {}) };
    }
    if (status.state === "failed") {
      save(db, key, handle, "failed");
      throw new ProviderError({
        provider: handle.provider,
        modelId: handle.modelId,
        failure: status.retryable ? "server" : "bad-request",
        detail: `job ${handle.jobId} failed: ${status.message}`,
      });
    }
    const remaining = timeoutMs - (Date.now() - startedWaiting);
    if (remaining <= 0) {
      throw new ProviderError({
        provider: handle.provider,
        modelId: handle.modelId,
        failure: "timeout",
        detail: `job ${handle.jobId} is still processing after ${Math.round(timeoutMs / 1000)} s; its id is saved and the next run polls it again`,
      });
    }
    etaSeconds = status.etaSeconds;
    await pause(Math.min(pollDelay(schedule, attempt++, etaSeconds), remaining));
  }

  /**
   * A job that finished at submission: download its outputs (the saved links on a later
   * run) and record the artifact hashes. `fresh` outputs may carry bytes the row does not.
   */
  async function finishImmediate(
    owner: JobHandle,
    result: SavedResult,
    resumed: boolean,
    fresh?: MediaOutput[],
  ): Promise<JobResult> {
    const { artifacts: _hashes, immediate: _immediate, ...rest } = result;
    const outputs = fresh ?? rest.outputs;
    const artifacts = await keep({ outputs }, owner);
    if (artifacts) save(db, key, owner, "succeeded", { ...rest, outputs }, artifacts, true);
    return { ...rest, outputs, resumed, ...(artifacts ? { artifacts } : {}) };
  }

  function keep(
    result: { outputs: MediaOutput[] },
    owner: JobHandle | undefined,
  ): Promise<Artifact[] | undefined> {
    if (!job.artifacts) return Promise.resolve(undefined);
    return downloadOutputs(result.outputs, job.artifacts, {
      ...DOWNLOAD_DEFAULTS,
      ...job.download,
      abortSignal: job.abortSignal,
      provider: owner?.provider ?? model.provider,
      modelId: owner?.modelId ?? model.modelId,
    });
  }
}

function savedResult(row: JobRow): SavedResult | undefined {
  return row.result ? (JSON.parse(row.result) as SavedResult) : undefined;
}

/** A succeeded job's saved result, if every artifact it names is still in the store. */
function storedArtifacts(
  row: JobRow,
  job: RunJobOptions,
): { result: SavedResult; artifacts: Artifact[] } | undefined {
  if (!row.result || !job.artifacts?.get) return undefined;
  const result = JSON.parse(row.result) as SavedResult;
  if (!result.artifacts) return undefined;
  const artifacts = result.artifacts.map((hash) => job.artifacts!.get!(hash));
  if (artifacts.some((artifact) => !artifact)) return undefined;
  return { result, artifacts: artifacts as Artifact[] };
}

function startJob(
  model: ImageModel | VideoModel,
  options: ImageCallOptions | VideoCallOptions,
  abortSignal: AbortSignal | undefined,
): Promise<JobStart> {
  return model.modality === "image"
    ? model.doStart({ ...(options as ImageCallOptions), abortSignal })
    : model.doStart({ ...(options as VideoCallOptions), abortSignal });
}

/** Upserts the job row; the result keeps usage, links and artifact hashes, never bytes. */
function save(
  db: Db,
  key: string,
  handle: JobHandle,
  state: JobRow["state"],
  result?: ResultBase & { outputs: MediaOutput[] },
  artifacts?: Artifact[],
  immediate?: boolean,
): void {
  const now = new Date().toISOString();
  const summary = result
    ? JSON.stringify({
        outputs: result.outputs.map((output) => ({ url: output.url, mediaType: output.mediaType })),
        usage: result.usage,
        providerCostUsd: result.providerCostUsd,
        warnings: result.warnings,
        response: result.response,
        ...(artifacts ? { artifacts: artifacts.map((artifact) => artifact.hash) } : {}),
        ...(immediate ? { immediate } : {}),
      } satisfies SavedResult)
    : null;
  db.prepare(
    `INSERT INTO jobs (key, provider, model, handle, state, result, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET provider = excluded.provider, model = excluded.model,
       handle = excluded.handle, state = excluded.state, result = excluded.result,
       updated_at = excluded.updated_at`,
  ).run(key, handle.provider, handle.modelId, JSON.stringify(handle), state, summary, now, now);
}
