import { ProviderError } from "../provider-error.js";

/** Waits `ms`, or rejects with an `aborted` ProviderError as soon as `signal` aborts. */
export function wait(
  ms: number,
  signal: AbortSignal | undefined,
  identity: { provider: string; modelId: string },
): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(identity));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(identity));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function abortedError(identity: { provider: string; modelId: string }): ProviderError {
  return new ProviderError({
    provider: identity.provider,
    modelId: identity.modelId,
    failure: "aborted",
    detail: "the call was cancelled",
  });
}
