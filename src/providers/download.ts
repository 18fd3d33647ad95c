import type { Dispatcher } from "undici";
import type { Artifact } from "../store/artifacts.js";
import { decodeBase64Media, sniffMediaType } from "./media-sniff.js";
import { failureFromStatus, ProviderError, type ProviderFailure } from "./provider-error.js";
import type { MediaOutput } from "./spec/media-job.js";
import { urlLabel } from "./url-label.js";

export interface DownloadOptions {
  /** For each file, from request to last byte. */
  timeoutMs: number;
  /** Largest file accepted; bigger ones fail before they fill the disk. */
  maxBytes: number;
  dispatcher?: Dispatcher;
  abortSignal?: AbortSignal;
  /** Labels errors with the job's provider and model. */
  provider?: string;
  modelId?: string;
}

/** What `downloadOutputs` needs of the artifact store (src/store/artifacts.ts). */
export interface ArtifactSink {
  put(data: Uint8Array, mediaType: string): Promise<Artifact>;
}

/**
 * Copies a finished job's outputs into the artifact store at once: provider links expire,
 * and a paid result that was not saved is paid for twice. Each file must be an image or
 * video (by its bytes when the CDN says `octet-stream`) and no larger than `maxBytes`.
 */
export async function downloadOutputs(
  outputs: MediaOutput[],
  store: ArtifactSink,
  options: DownloadOptions,
): Promise<Artifact[]> {
  const files = await Promise.all(outputs.map((output) => fetchOutput(output, options)));
  const artifacts: Artifact[] = [];
  for (const file of files) artifacts.push(await store.put(file.bytes, file.mediaType));
  return artifacts;
}

const SNIFFABLE: ReadonlySet<string> = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "video/mp4",
  "video/webm",
  "video/quicktime",
]);

interface Fetched {
  bytes: Uint8Array;
  mediaType: string;
}

async function fetchOutput(output: MediaOutput, options: DownloadOptions): Promise<Fetched> {
  if (output.data) return classify(output.data, output.mediaType, "inline output", options);
  if (!output.url) throw failure(options, "malformed", "an output has neither a URL nor data");
  if (/^data:/i.test(output.url)) {
    const bytes = decodeBase64Media(output.url);
    if (!bytes) throw failure(options, "malformed", "an output data: URL holds no image or video");
    return classify(bytes, undefined, "data: URL", options);
  }
  if (!/^https?:\/\//i.test(output.url)) {
    throw failure(options, "malformed", "an output URL is neither http(s) nor data:");
  }
  const where = urlLabel(output.url);
  const { request, interceptors } = await import("undici");
  const dispatcher = (options.dispatcher ?? (await downloadAgent())).compose(
    interceptors.redirect({ maxRedirections: 5 }),
  );
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, timeout]) : timeout;
  try {
    const response = await request(output.url, { method: "GET", dispatcher, signal });
    if (response.statusCode < 200 || response.statusCode >= 300) {
      await response.body.dump();
      const status = response.statusCode;
      // A CDN answers 403/404/410 for a link that expired: nothing to retry.
      const kind = [403, 404, 410].includes(status) ? "bad-request" : failureFromStatus(status);
      throw failure(options, kind, `downloading ${where} answered HTTP ${status}`, status);
    }
    const declared = Number(response.headers["content-length"]);
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      response.body.destroy();
      throw tooLarge(options, where);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > options.maxBytes) {
        response.body.destroy();
        throw tooLarge(options, where);
      }
      chunks.push(chunk as Buffer);
    }
    const header = response.headers["content-type"];
    const declaredType = (Array.isArray(header) ? header[0] : header)?.split(";")[0]?.trim();
    return classify(new Uint8Array(Buffer.concat(chunks)), declaredType, where, options);
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (options.abortSignal?.aborted)
      throw failure(options, "aborted", `download of ${where} cancelled`);
    if (timeout.aborted) {
      throw failure(options, "timeout", `downloading ${where} took over ${options.timeoutMs} ms`);
    }
    const code = (error as { code?: unknown }).code;
    throw failure(
      options,
      "unavailable",
      `could not download ${where} (${String(code ?? "network error")})`,
    );
  }
}

/** Bytes decide over the declared type; base64 text (from `base64: true` jobs) is decoded. */
function classify(
  bytes: Uint8Array,
  declared: string | undefined,
  where: string,
  options: DownloadOptions,
): Fetched {
  const sniffed = sniffMediaType(bytes);
  if (sniffed) return { bytes, mediaType: sniffed };
  const decoded =
    bytes.length < 64 * 1024 * 1024
      ? decodeBase64Media(Buffer.from(bytes).toString("latin1"))
      : undefined;
  if (decoded) return { bytes: decoded, mediaType: sniffMediaType(decoded)! };
  // A type we can recognise by its bytes but did not is a lie (an HTML error page, say).
  if (declared && /^(image|video)\//i.test(declared) && !SNIFFABLE.has(declared.toLowerCase())) {
    return { bytes, mediaType: declared.toLowerCase() };
  }
  throw failure(
    options,
    "malformed",
    `${where} is not an image or video (content-type ${declared ?? "none"}, ${bytes.length} bytes)`,
  );
}

function tooLarge(options: DownloadOptions, where: string): ProviderError {
  return failure(options, "bad-request", `${where} is larger than ${options.maxBytes} bytes`);
}

function failure(
  options: DownloadOptions,
  kind: ProviderFailure,
  detail: string,
  status?: number,
): ProviderError {
  return new ProviderError({
    provider: options.provider ?? "download",
    modelId: options.modelId ?? "output",
    failure: kind,
    detail,
    ...(status !== undefined ? { status } : {}),
  });
}

let agent: Dispatcher | undefined;

/**
 * Our own undici Agent, not the global dispatcher: once anything has used `fetch` (the openai
 * SDK does), the global is Node's bundled undici, whose handlers npm undici's interceptors
 * reject (UND_ERR_INVALID_ARG).
 */
async function downloadAgent(): Promise<Dispatcher> {
  if (!agent) {
    const { Agent } = await import("undici");
    agent = new Agent();
  }
  return agent;
}
