import type { HttpSettings } from "./modelslab-http.js";

/**
 * Whether every announced `future_links` URL now answers. ModelsLab lists them while a job
 * is processing and they 404 until the files exist, so a finished job that names no other
 * outputs counts as done only once they resolve.
 */
export async function linksResolve(
  settings: HttpSettings,
  urls: string[],
  abortSignal: AbortSignal | undefined,
): Promise<boolean> {
  const { request } = await import("undici");
  const timeout = AbortSignal.timeout(settings.fetchTimeoutMs);
  const signal = abortSignal ? AbortSignal.any([abortSignal, timeout]) : timeout;
  const answers = await Promise.all(
    urls.map(async (url) => {
      try {
        const response = await request(url, {
          method: "HEAD",
          signal,
          ...(settings.dispatcher ? { dispatcher: settings.dispatcher } : {}),
        });
        await response.body.dump();
        return response.statusCode >= 200 && response.statusCode < 400;
      } catch {
        // Unreachable now is "not ready yet": the next poll asks again.
        return false;
      }
    }),
  );
  return answers.every(Boolean);
}
