import { ProviderError } from "../provider-error.js";
import type { JobHandle, JobStart, JobStatus, MediaOutput } from "../spec/media-job.js";
import type { Usage, Warning } from "../spec/shared.js";
import { urlLabel } from "../url-label.js";
import {
  type ModelsLabResponse,
  messageOf,
  modelsLabResponseSchema,
} from "./modelslab-api-types.js";
import { failureFromMessage, isRetryableJobFailure, modelsLabError } from "./modelslab-error.js";
import { type HttpReply, type HttpSettings, postJson } from "./modelslab-http.js";
import { linksResolve } from "./modelslab-links.js";

/**
 * The persisted job handle. Beyond the spec's fields it keeps what the fetch reply does not
 * repeat: the units billed (a video's requested seconds) and the links announced at submit
 * time. It stays plain JSON, so the job runner persists it as it is.
 */
export interface ModelsLabJobHandle extends JobHandle {
  usage?: Usage;
  futureLinks?: string[];
}

/** `processing` is documented; the others are harmless to accept as "not yet". */
const PENDING: ReadonlySet<string> = new Set(["processing", "queued", "pending"]);

export interface JobContext {
  http: HttpSettings;
  /** The configured base URL: the key is only ever POSTed to this origin. */
  baseURL: string;
  /** The model id sent to ModelsLab (may differ from the chain's id for image-to-image). */
  modelId: string;
  usage: (outputs: MediaOutput[]) => Usage;
  warnings: Warning[];
}

/** Reads a generate reply: finished outputs, or a handle to poll. Errors are thrown. */
export function startFromReply(
  context: JobContext,
  reply: HttpReply,
  handleUsage: Usage | undefined,
): JobStart {
  const body = readEnvelope(context, reply);
  if (body.status === "success") {
    const outputs = outputsOf(body);
    if (outputs.length === 0) throw malformed(context, "a success reply listed no outputs");
    return { state: "succeeded", outputs, ...resultBase(context, body, outputs) };
  }
  if (PENDING.has(body.status)) {
    if (body.id === undefined) throw malformed(context, "a processing reply carried no job id");
    const handle: ModelsLabJobHandle = {
      provider: "modelslab",
      modelId: context.modelId,
      jobId: body.id,
      ...(trustedStatusUrl(context, body.fetch_result) ? { statusUrl: body.fetch_result } : {}),
      ...(body.eta !== undefined ? { etaSeconds: body.eta } : {}),
      startedAt: new Date().toISOString(),
      ...(handleUsage ? { usage: handleUsage } : {}),
      ...(body.future_links?.length ? { futureLinks: body.future_links } : {}),
    };
    return { state: "started", handle, warnings: context.warnings };
  }
  throw malformed(context, `unknown job status "${body.status}"`);
}

/** POSTs `{key}` to the job's fetch URL and maps the reply; never re-submits. */
export async function pollJob(
  context: JobContext,
  handle: ModelsLabJobHandle,
  fallbackUrl: string,
  key: string,
  abortSignal: AbortSignal | undefined,
): Promise<JobStatus> {
  if (handle.provider !== "modelslab") {
    throw new ProviderError({
      provider: "modelslab",
      modelId: context.modelId,
      failure: "bad-request",
      detail: `cannot poll a job handle from provider "${handle.provider}"`,
    });
  }
  // A persisted handle may predate the origin check, so it is made again before every poll.
  const statusUrl = trustedStatusUrl(context, handle.statusUrl) ? handle.statusUrl : undefined;
  const reply = await postJson(
    context.http,
    statusUrl ?? fallbackUrl,
    { key },
    {
      modelId: context.modelId,
      ...(abortSignal ? { abortSignal } : {}),
    },
  );
  const body = readEnvelope(context, reply, { jobErrors: true });
  if (PENDING.has(body.status)) {
    return { state: "processing", ...(body.eta !== undefined ? { etaSeconds: body.eta } : {}) };
  }
  if (body.status === "success") {
    let outputs = outputsOf(body);
    if (outputs.length === 0) {
      // Finished without listing outputs: the links announced earlier hold them once they resolve.
      const announced = body.future_links?.length ? body.future_links : (handle.futureLinks ?? []);
      if (announced.length === 0) throw malformed(context, "a success reply listed no outputs");
      if (!(await linksResolve(context.http, announced, abortSignal))) {
        if (abortSignal?.aborted) {
          throw new ProviderError({
            provider: "modelslab",
            modelId: context.modelId,
            failure: "aborted",
            detail: "polling was cancelled",
          });
        }
        return { state: "processing" };
      }
      outputs = announced.map((url) => ({ url }));
    }
    return { state: "succeeded", outputs, ...resultBase(context, body, outputs) };
  }
  const message = context.http.redact(messageOf(body) ?? `the job ended with "${body.status}"`);
  return { state: "failed", message, retryable: isRetryableJobFailure(message) };
}

/**
 * Non-2xx, non-JSON and shape errors throw. `status: "error"` throws too, except for a poll
 * (`jobErrors`), where a job-level failure is a `failed` status and only account-level
 * problems (key, credits, rate limit) throw.
 */
function readEnvelope(
  context: JobContext,
  reply: HttpReply,
  options: { jobErrors?: boolean } = {},
): ModelsLabResponse {
  const errorReply = { status: reply.status, body: reply.json, retryAfterHeader: reply.retryAfter };
  // A 404 that carries ModelsLab's envelope means "no such job": the job failed, the
  // endpoint exists. A bare 404 (wrong base URL, proxy) is still thrown.
  const unknownJob = options.jobErrors && reply.status === 404 && hasErrorEnvelope(reply.json);
  if ((reply.status < 200 || reply.status >= 300) && !unknownJob) {
    throw modelsLabError(errorContext(context), errorReply);
  }
  const parsed = modelsLabResponseSchema.safeParse(reply.json);
  if (!parsed.success) {
    throw malformed(
      context,
      reply.json === undefined ? "the reply was not JSON" : "unexpected reply shape",
    );
  }
  const body = parsed.data;
  if (body.status === "error" || body.status === "failed") {
    const failure = failureFromMessage(messageOf(body) ?? "");
    const accountLevel = failure === "auth" || failure === "payment" || failure === "rate-limit";
    if (!options.jobErrors || accountLevel || body.retry_after !== undefined) {
      throw modelsLabError(errorContext(context), errorReply);
    }
  }
  return body;
}

function hasErrorEnvelope(json: unknown): boolean {
  return (json as { status?: unknown } | undefined)?.status === "error";
}

function outputsOf(body: ModelsLabResponse): MediaOutput[] {
  const links = body.output?.length ? body.output : (body.proxy_links ?? []);
  return links.map(toOutput);
}

/** `base64: true` replies may carry the file itself instead of a link. */
function toOutput(value: string): MediaOutput {
  if (/^(https?:|data:)/i.test(value)) return { url: value };
  return { data: Buffer.from(value, "base64") };
}

function resultBase(context: JobContext, body: ModelsLabResponse, outputs: MediaOutput[]) {
  return {
    usage: context.usage(outputs),
    warnings: context.warnings,
    response: {
      ...(body.id !== undefined ? { id: body.id } : {}),
      modelId: context.modelId,
      timestamp: new Date(),
    },
  };
}

/**
 * Whether the key may be POSTed to a `fetch_result` URL: only on the configured base URL's
 * origin. A reply (or a proxy, or a tampered handle) naming another host would otherwise
 * receive the key; such a job is polled on the documented fetch path instead, with a warning.
 */
function trustedStatusUrl(context: JobContext, url: string | undefined): url is string {
  if (url === undefined) return false;
  if (sameOrigin(url, context.baseURL)) return true;
  context.warnings.push({
    type: "other",
    message: `ignored fetch_result on another origin (${context.http.redact(urlLabel(url))}); polling the documented fetch path on the base URL`,
  });
  return false;
}

function sameOrigin(url: string, baseURL: string): boolean {
  try {
    return new URL(url).origin === new URL(baseURL).origin;
  } catch {
    return false;
  }
}

function malformed(context: JobContext, detail: string): ProviderError {
  return new ProviderError({
    provider: "modelslab",
    modelId: context.modelId,
    failure: "malformed",
    detail,
  });
}

function errorContext(context: JobContext) {
  return { modelId: context.modelId, redact: context.http.redact };
}
