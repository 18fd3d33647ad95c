import type { Dispatcher } from "undici";
import { isCredentialHeader } from "../http-helpers.js";
import { ProviderError } from "../provider-error.js";
import { urlLabel } from "../url-label.js";

export interface HttpSettings {
  fetchTimeoutMs: number;
  dispatcher?: Dispatcher;
  /** Removes the API key from any text that could reach an error. */
  redact: (text: string) => string;
}

export interface HttpReply {
  status: number;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
  retryAfter: string | undefined;
}

export interface RequestContext {
  modelId: string;
  abortSignal?: AbortSignal;
  headers?: Record<string, string>;
}

/**
 * POSTs a JSON body with undici (imported lazily so `litink --help` never loads it). The body
 * carries the API key, so nothing from the request — body, undici's error objects — is put
 * into a thrown error; errors are rebuilt from their name and code only.
 */
export async function postJson(
  settings: HttpSettings,
  url: string,
  body: Record<string, unknown>,
  context: RequestContext,
): Promise<HttpReply> {
  const { request } = await import("undici");
  const timeout = AbortSignal.timeout(settings.fetchTimeoutMs);
  const signal = context.abortSignal ? AbortSignal.any([context.abortSignal, timeout]) : timeout;
  try {
    const response = await request(url, {
      method: "POST",
      headers: {
        // The models drop these with a warning; this is the last line of defence.
        ...withoutCredentials(context.headers),
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify(body),
      signal,
      headersTimeout: settings.fetchTimeoutMs,
      bodyTimeout: settings.fetchTimeoutMs,
      ...(settings.dispatcher ? { dispatcher: settings.dispatcher } : {}),
    });
    const text = await response.body.text();
    const retryAfter = response.headers["retry-after"];
    return {
      status: response.statusCode,
      json: parseJson(text),
      retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
    };
  } catch (error) {
    throw transportError(settings, context, url, error, {
      aborted: context.abortSignal?.aborted === true,
      timedOut: timeout.aborted,
    });
  }
}

function transportError(
  settings: HttpSettings,
  context: RequestContext,
  url: string,
  error: unknown,
  state: { aborted: boolean; timedOut: boolean },
): ProviderError {
  const name = (error as { name?: unknown })?.name;
  const code = (error as { code?: unknown })?.code;
  const label = [typeof name === "string" ? name : "Error", typeof code === "string" ? code : ""]
    .filter(Boolean)
    .join(" ");
  const where = settings.redact(urlLabel(url));
  const timedOut =
    state.timedOut || (typeof code === "string" && /TIMEOUT/.test(code)) || name === "TimeoutError";
  if (state.aborted) {
    return new ProviderError({
      provider: "modelslab",
      modelId: context.modelId,
      failure: "aborted",
      detail: `the request to ${where} was cancelled`,
    });
  }
  return new ProviderError({
    provider: "modelslab",
    modelId: context.modelId,
    failure: timedOut ? "timeout" : "unavailable",
    detail: timedOut
      ? `no answer from ${where} within ${settings.fetchTimeoutMs} ms`
      : `could not reach ${where} (${label})`,
    // A stand-in, not undici's error: that one may hold request details.
    cause: { name: label },
  });
}

function withoutCredentials(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).filter(([name]) => !isCredentialHeader(name)),
  );
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
