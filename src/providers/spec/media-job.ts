import type { ResultBase, Usage, Warning } from "./shared.js";

/**
 * A paid asynchronous job (image, video). The handle is plain JSON and is persisted before
 * the first poll, so a run that timed out or crashed polls the same job again instead of
 * paying for a new one.
 */
export interface JobHandle {
  provider: string;
  modelId: string;
  jobId: string;
  /** Where to poll (ModelsLab `fetch_result`). */
  statusUrl?: string;
  /** Seconds the provider estimated. */
  etaSeconds?: number;
  startedAt: string;
  /** Billable units known at submission (e.g. requested video seconds), for the ledger. */
  usage?: Usage;
}

/** A file the provider produced: a URL to download at once (links expire), or the bytes. */
export interface MediaOutput {
  url?: string;
  data?: Uint8Array;
  mediaType?: string;
}

export type JobStatus =
  | { state: "processing"; etaSeconds?: number }
  | ({ state: "succeeded"; outputs: MediaOutput[] } & ResultBase)
  | { state: "failed"; message: string; retryable: boolean };

/** `doStart` either finishes at once (images often do) or returns a handle to poll. */
export type JobStart =
  | { state: "started"; handle: JobHandle; warnings: Warning[] }
  | ({ state: "succeeded"; outputs: MediaOutput[]; handle?: JobHandle } & ResultBase);

export interface MediaModelBase {
  /** Poll a started job. Never re-submits. */
  doStatus(handle: JobHandle, options?: { abortSignal?: AbortSignal }): Promise<JobStatus>;
}

export type { Usage };
