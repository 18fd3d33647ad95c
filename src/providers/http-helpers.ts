import type { Warning } from "./spec/shared.js";

/**
 * Small HTTP helpers every provider needs in the same form: keeping credentials out of
 * per-call headers, copying a few response headers into results, and naming a socket error
 * without carrying the error object (which may hold request details) along.
 */

/**
 * Headers that carry credentials for some provider: `authorization` (OpenAI, OpenRouter),
 * `api-key` (Azure), `x-api-key`, `xi-api-key` (ElevenLabs), `key` (ModelsLab-style gateways),
 * and cookies. Keys are set on the provider, never per call.
 */
const CREDENTIAL_HEADER =
  /^(authorization|proxy-authorization|api-key|x-api-key|xi-api-key|key|cookie)$/i;

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name.trim());
}

/**
 * The per-call headers minus credential headers; each dropped one adds a warning, so a caller
 * cannot override (or leak) the provider's key through `headers`.
 */
export function dropCredentialHeaders(
  headers: Record<string, string> | undefined,
  warnings: Warning[],
): Record<string, string> | undefined {
  if (!headers) return undefined;
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!isCredentialHeader(name)) {
      kept[name] = value;
      continue;
    }
    warnings.push({
      type: "unsupported-setting",
      setting: `headers.${name}`,
      message: "credentials are set on the provider, never per call; the header was not sent",
    });
  }
  return kept;
}

/** The listed response headers that are present (names as listed, lower case). */
export function keptHeaders(headers: Headers, names: readonly string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

/**
 * A socket error code (ECONNREFUSED, ECONNRESET, UND_ERR_…) from an error's `cause` chain:
 * fetch wraps it in a `TypeError`, SDKs wrap that again. Only the code travels.
 */
export function networkCode(error: unknown, maxDepth = 3): string | undefined {
  let current = error;
  for (
    let depth = 0;
    depth < maxDepth && typeof current === "object" && current !== null;
    depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
