import type { ServerResponse } from "node:http";
import { type Emulator, type LoggedRequest, sendJson, startEmulator } from "./harness.js";
import { tinyMp4, tinyPng } from "./modelslab-media.js";

/**
 * ModelsLab v7 image and image-to-video, as api-notes.md §4 describes the wire format: key in
 * the JSON body, one envelope (`success` | `processing` | `error`) for generate and fetch,
 * `fetch_result` to POST `{key}` to, and output links that serve real files from here.
 */
export interface ModelsLabEmulatorOptions {
  /** Image fetches answering `processing` before `success`; 0 = finished in the generate reply. */
  processingPolls?: number;
  /** Video fetches answering `processing` before `success` (video is always queued first). */
  videoProcessingPolls?: number;
  expectedKey?: string;
  /** Known model ids; others get `Model not found: <id>`. */
  models?: string[];
  /** Errors as `{status:"error"}` with HTTP 200, as some real endpoints do. */
  errorsWithHttp200?: boolean;
  /** Spell the error field `messege`, like the legacy endpoints. */
  legacyMessageField?: boolean;
  /** Most jobs processing at once; past it, 429 queue-full with `retry_after`. */
  queueLimit?: number;
  retryAfterSeconds?: number;
  eta?: number;
  /** Serve outputs as `application/octet-stream`, as some CDNs do. */
  octetStreamOutputs?: boolean;
  /** Finished fetches list no `output`, only the `future_links` announced before. */
  successWithoutOutput?: boolean;
  /** Jobs end like this instead of succeeding. */
  jobFailure?: { status: "error" | "failed"; message: string };
}

export interface ModelsLabEmulator extends Emulator {
  readonly options: Required<Omit<ModelsLabEmulatorOptions, "jobFailure">> &
    Pick<ModelsLabEmulatorOptions, "jobFailure">;
  /** Changes behaviour for the requests that follow. */
  configure(options: ModelsLabEmulatorOptions): void;
}

export const MODELSLAB_TEST_KEY = "ml-test-key-5f0c2b9e7a";

const DEFAULT_MODELS = [
  "seedream-t2i",
  "seedream-4",
  "seedream-4.5",
  "imagen-4",
  "nano-banana-t2i",
  "qwen-image-2512",
  "seedream-4.0-i2i",
  "seedream-4.5-i2i",
  "seededit-i2i",
  "seedance-i2v",
  "seedance-1-5-pro",
  "wan2.6-i2v",
  "veo2",
  "veo-3.1-fast",
  "omni-human-1.5",
];

type Family = "images" | "video-fusion";

interface Job {
  id: number;
  family: Family;
  pollsLeft: number;
  /** Finished, successfully or not: no longer counts against the queue. */
  done: boolean;
  /** Its output files exist. */
  ready: boolean;
  files: string[];
  meta: Record<string, unknown>;
}

export async function startModelsLabEmulator(
  initial: ModelsLabEmulatorOptions = {},
): Promise<ModelsLabEmulator> {
  const options: ModelsLabEmulator["options"] = {
    processingPolls: 0,
    videoProcessingPolls: 2,
    expectedKey: MODELSLAB_TEST_KEY,
    models: DEFAULT_MODELS,
    errorsWithHttp200: false,
    legacyMessageField: false,
    queueLimit: Number.POSITIVE_INFINITY,
    retryAfterSeconds: 2,
    eta: 7,
    octetStreamOutputs: false,
    successWithoutOutput: false,
    ...initial,
  };
  const jobs = new Map<number, Job>();
  const files = new Map<string, Job>();
  let nextId = 81_000_000;

  const fail = (response: ServerResponse, status: number, message: string, extra = {}) =>
    sendJson(
      response,
      options.errorsWithHttp200 ? 200 : status,
      errorBody(message, options.legacyMessageField, extra),
    );

  const generate =
    (family: Family, needsInitImage: boolean) =>
    (request: LoggedRequest, response: ServerResponse) => {
      const body = (request.json ?? {}) as Record<string, unknown>;
      if (body.key !== options.expectedKey) return fail(response, 401, "Invalid API key");
      const modelId = body.model_id;
      if (typeof modelId !== "string" || modelId === "")
        return fail(response, 400, "model_id is required");
      if (!options.models.includes(modelId))
        return fail(response, 400, `Model not found: ${modelId}`);
      if (typeof body.prompt !== "string" || body.prompt.trim() === "") {
        return fail(response, 400, "prompt is required");
      }
      const base64 = body.base64 === true || body.base64 === "yes";
      if (needsInitImage) {
        const init = body.init_image;
        if (typeof init !== "string" || init === "")
          return fail(response, 400, "init_image is required");
        if (!/^https?:\/\//.test(init) && !base64) {
          return fail(response, 400, "Unable to fetch image from provided URL");
        }
      }
      const processing = [...jobs.values()].filter((job) => !job.done).length;
      if (processing >= options.queueLimit) {
        return fail(
          response,
          429,
          `Rate limit exceeded. Maximum ${options.queueLimit} queued requests allowed.`,
          {
            retry_after: options.retryAfterSeconds,
          },
        );
      }
      const id = nextId++;
      const extension = family === "video-fusion" ? "mp4" : base64 ? "base64" : "png";
      const job: Job = {
        id,
        family,
        pollsLeft:
          family === "video-fusion" ? options.videoProcessingPolls : options.processingPolls,
        done: false,
        ready: false,
        files: [`${id}.${extension}`],
        meta: metaOf(body),
      };
      jobs.set(id, job);
      for (const file of job.files) files.set(file, job);
      const origin = `http://${request.headers.host}`;
      if (family === "images" && job.pollsLeft === 0) return finish(response, job, origin);
      sendJson(response, 200, processingBody(job, origin, options.eta));
    };

  const finish = (response: ServerResponse, job: Job, origin: string) => {
    job.done = true;
    if (options.jobFailure) {
      const { status, message } = options.jobFailure;
      return sendJson(response, 200, {
        ...errorBody(message, options.legacyMessageField),
        status,
        id: job.id,
      });
    }
    job.ready = true;
    const links = job.files.map((file) => `${origin}/outputs/${file}`);
    const listed = options.successWithoutOutput ? [] : links;
    sendJson(response, 200, {
      status: "success",
      generationTime: 1.42,
      id: job.id,
      output: listed,
      proxy_links: listed,
      ...(options.successWithoutOutput ? { future_links: links } : {}),
      nsfw_content_detected: false,
      webhook_status: "",
      meta: job.meta,
      tip: "",
    });
  };

  const fetchJob = (family: Family) => (request: LoggedRequest, response: ServerResponse) => {
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (body.key !== options.expectedKey) return fail(response, 401, "Invalid API key");
    const job = jobs.get(Number(request.path.split("/").at(-1)));
    if (!job || job.family !== family) return fail(response, 404, "Request not found");
    const origin = `http://${request.headers.host}`;
    if (job.pollsLeft > 0) {
      job.pollsLeft--;
      return sendJson(response, 200, processingBody(job, origin, options.eta));
    }
    finish(response, job, origin);
  };

  const serveOutput = async (request: LoggedRequest, response: ServerResponse) => {
    const name = request.path.split("/").at(-1) ?? "";
    const job = files.get(name);
    // Like the CDN: announced links 404 until the job has finished.
    if (!job?.ready) return sendJson(response, 404, { message: "Not Found" });
    const png = tinyPng(job.id);
    const [bytes, type] = name.endsWith(".mp4")
      ? [await tinyMp4(), "video/mp4"]
      : name.endsWith(".base64")
        ? [Buffer.from(png.toString("base64")), "text/plain"]
        : [png, "image/png"];
    response.writeHead(200, {
      "content-type": options.octetStreamOutputs ? "application/octet-stream" : type,
      "content-length": bytes.length,
    });
    response.end(bytes);
  };

  const emulator = await startEmulator({
    // An injected 429 says when to come back in its Retry-After header (`retryAfterSeconds`).
    errorBody: (_status, message) => errorBody(message, options.legacyMessageField),
    routes: [
      { method: "POST", match: /^\/v7\/images\/text-to-image$/, handle: generate("images", false) },
      { method: "POST", match: /^\/v7\/images\/image-to-image$/, handle: generate("images", true) },
      { method: "POST", match: /^\/v7\/images\/fetch\/[^/]+$/, handle: fetchJob("images") },
      {
        method: "POST",
        match: /^\/v7\/video-fusion\/image-to-video$/,
        handle: generate("video-fusion", true),
      },
      {
        method: "POST",
        match: /^\/v7\/video-fusion\/fetch\/[^/]+$/,
        handle: fetchJob("video-fusion"),
      },
      { method: "GET", match: /^\/outputs\/[^/]+$/, handle: serveOutput },
      { method: "HEAD", match: /^\/outputs\/[^/]+$/, handle: serveOutput },
    ],
  });
  return {
    ...emulator,
    options,
    configure: (changes) => Object.assign(options, changes),
  };
}

function processingBody(job: Job, origin: string, eta: number): Record<string, unknown> {
  return {
    status: "processing",
    tip: "Your image is processing in background, you can get this image using fetch API",
    tip_1: "Get this result via the fetch_result URL",
    eta,
    message: "Request processing",
    webhook_status: "",
    fetch_result: `${origin}/v7/${job.family}/fetch/${job.id}`,
    id: job.id,
    output: [],
    meta: job.meta,
    future_links: job.files.map((file) => `${origin}/outputs/${file}`),
  };
}

function errorBody(message: string, legacy: boolean, extra: Record<string, unknown> = {}) {
  return { status: "error", [legacy ? "messege" : "message"]: message, ...extra };
}

/** The request's parameters, echoed like the real `meta`, but never the key. */
function metaOf(body: Record<string, unknown>): Record<string, unknown> {
  const { key: _key, init_image: initImage, ...rest } = body;
  return {
    ...rest,
    ...(typeof initImage === "string" ? { init_image: initImage.slice(0, 200) } : {}),
    seed: typeof body.seed === "number" ? body.seed : 1234567,
  };
}
