export { findOnPath } from "../../system/executables.js";

import { ProviderError } from "../provider-error.js";
import type { JobHandle, JobStatus } from "../spec/index.js";

/** The provider name in model refs ("local:storyboard") and in the ledger. */
export const LOCAL_PROVIDER = "local";

/** Local media models finish inside `doStart`; a handle can only come from elsewhere. */
export function nothingToPoll(handle: JobHandle): JobStatus {
  return {
    state: "failed",
    message: `local models finish in doStart; there is no job "${handle.jobId}" to poll`,
    retryable: false,
  };
}

export function abortedError(modelId: string): ProviderError {
  return new ProviderError({
    provider: LOCAL_PROVIDER,
    modelId,
    failure: "aborted",
    detail: "the call was cancelled",
  });
}

/** The first executable called `name` on PATH, like `command -v`. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}
