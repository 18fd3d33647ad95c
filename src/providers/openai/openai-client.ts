import type OpenAI from "openai";
import { dropCredentialHeaders } from "../http-helpers.js";
import type { Warning } from "../spec/shared.js";

/**
 * What a model needs from its provider: a lazily created SDK client and the means to keep the
 * key out of error text. Models never see the key itself, so serialising a model (a log line,
 * a snapshot) cannot leak it.
 */
export interface ClientContext {
  readonly provider: string;
  client(): Promise<OpenAI>;
  redact(text: string): string;
}

export interface ClientSettings {
  baseURL: string;
  apiKey: string;
  headers?: Record<string, string>;
  /** Client-wide default; models may pass a shorter per-request timeout. */
  timeoutMs: number;
}

/**
 * Loads the `openai` SDK on first use (so `litink --help` stays fast) and creates one client.
 * Retries are off: the resilience middleware owns them, and SDK retries would hide attempts
 * from the ledger and double-spend. Organisation/project are pinned to null so a stray
 * OPENAI_ORG_ID is never sent to OpenRouter or another server; logging is off so the SDK never
 * prints requests, whatever OPENAI_LOG says.
 */
export function lazyClient(settings: ClientSettings): () => Promise<OpenAI> {
  let pending: Promise<OpenAI> | undefined;
  return () => {
    pending ??= import("openai").then(
      ({ default: OpenAIClient }) =>
        new OpenAIClient({
          apiKey: settings.apiKey,
          baseURL: settings.baseURL,
          organization: null,
          project: null,
          webhookSecret: null,
          defaultHeaders: settings.headers,
          maxRetries: 0,
          timeout: settings.timeoutMs,
          logLevel: "off",
        }),
    );
    return pending;
  };
}

/**
 * Per-call headers may carry attribution, never credentials (spec: "never used for keys"):
 * credential headers are dropped with a warning, so a caller cannot override the provider's key.
 */
export function safeCallHeaders(
  headers: Record<string, string> | undefined,
  warnings: Warning[],
): Record<string, string> | undefined {
  return dropCredentialHeaders(headers, warnings);
}

/** SDK request options; the SDK rejects `timeout: undefined`, so absent values are left out. */
export function requestOptions(
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
  headers: Record<string, string> | undefined,
): { signal?: AbortSignal; timeout?: number; headers?: Record<string, string> } {
  return {
    ...(signal ? { signal } : {}),
    ...(timeoutMs === undefined ? {} : { timeout: Math.round(timeoutMs) }),
    ...(headers ? { headers } : {}),
  };
}
