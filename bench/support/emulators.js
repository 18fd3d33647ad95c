// The repository's provider emulators (test/emulators, TypeScript, loaded through tsx's ESM
// hook so the bench stays `node bench/generate.js`), each behind a loopback proxy that holds
// every call for a fixed time: the runner is measured against known, steady latencies.
import { createHash } from "node:crypto";
import { createServer, request as forward } from "node:http";
import { register } from "tsx/esm/api";

register();
const { startOpenAICompatibleEmulator, EMULATOR_API_KEY } = await import(
  "../../test/emulators/openai-compatible.ts"
);
// Three items per list and distinct strings: a screenplay with several scenes, shots and
// lines, a graph worth scheduling.
const { sampleFromJsonSchema } = await import(
  "../../test/emulators/openai-compatible-json-sample.ts"
);
// Salted with a hash of the request, so each chapter's screenplay differs (shots sharing a
// prompt would share one cached image, and the bench would measure less work than it plans).
const richSample = (schema, body) =>
  sampleFromJsonSchema(schema, {
    width: 3,
    distinctStrings: true,
    salt: createHash("sha256").update(body).digest("hex").slice(0, 6),
  });
const { startModelsLabEmulator, MODELSLAB_TEST_KEY } = await import(
  "../../test/emulators/modelslab.ts"
);
const { startElevenLabsEmulator } = await import("../../test/emulators/elevenlabs.ts");

const ELEVENLABS_KEY = "sk_bench_0123456789abcdef0123456789abcdef";

/** Milliseconds each proxied call is held before it is forwarded, by path. */
export const LATENCIES = {
  text: 400, // chat completion
  imageSubmit: 50, // ModelsLab text-to-image / image-to-image (finished in the reply)
  videoSubmit: 50, // ModelsLab image-to-video (always queued)
  poll: 50, // ModelsLab fetch
  speech: 150, // ElevenLabs text-to-speech
  // A queued video is done this long after its submission reaches ModelsLab, however often it
  // is polled (a count of polls would make the client's poll interval part of the "provider").
  videoProcessing: 4000,
};

function latencyOf(path) {
  if (path.endsWith("/chat/completions")) return LATENCIES.text;
  if (path.includes("/images/")) return LATENCIES.imageSubmit;
  if (path.includes("/video")) return LATENCIES.videoSubmit;
  if (path.includes("fetch")) return LATENCIES.poll;
  if (path.includes("text-to-speech")) return LATENCIES.speech;
  return 0; // output downloads, voices, models
}

const VIDEO_SUBMIT = /\/v7\/video-fusion\/image-to-video$/;
const VIDEO_FETCH = /\/v7\/video-fusion\/fetch\/([^/]+)$/;

/**
 * ModelsLab's video queue on a clock: a job is `processing` until `videoProcessing` ms after
 * its submission, with `eta` the whole seconds left (as the real API sends it), and each
 * job's lateness — how long after it was done the client's fetch came — is recorded.
 */
function videoClock() {
  const jobs = new Map();
  return {
    jobs,
    /** Answers a fetch of a job not done yet (the processing reply, eta updated), or null. */
    early(path, now) {
      const job = jobs.get(VIDEO_FETCH.exec(path)?.[1]);
      if (!job || now >= job.readyAt) return null;
      job.polls += 1;
      return { ...job.processing, eta: Math.ceil((job.readyAt - now) / 1000) };
    },
    /** The emulator's reply to `path`, as the client gets it. */
    reply(path, body, now) {
      if (VIDEO_SUBMIT.test(path) && body.status === "processing") {
        const readyAt = now + LATENCIES.videoProcessing;
        jobs.set(String(body.id), { readyAt, processing: body, polls: 0, latenessMs: null });
        return { ...body, eta: Math.ceil(LATENCIES.videoProcessing / 1000) };
      }
      const job = jobs.get(VIDEO_FETCH.exec(path)?.[1]);
      if (job && body.status === "success") {
        job.polls += 1;
        job.latenessMs ??= now - job.readyAt;
      }
      return body;
    },
  };
}

function sendJson(response, status, body) {
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": bytes.length,
  });
  response.end(bytes);
}

/**
 * A proxy to `target` that waits `latencyOf(path)` before forwarding each request (`clock`:
 * the video queue, whose fetches it answers itself until the job is done).
 */
async function delayed(target, emulator, clock) {
  const upstream = new URL(target);
  const server = createServer((incoming, response) => {
    const wait = latencyOf(new URL(incoming.url ?? "/", "http://proxy").pathname);
    const chunks = [];
    incoming.on("data", (chunk) => chunks.push(chunk));
    incoming.on("end", () =>
      setTimeout(() => {
        // Structured chat replies get a fuller sample (several scenes, shots and lines).
        const body = Buffer.concat(chunks);
        if (emulator && incoming.url?.endsWith("/chat/completions")) {
          const parsed = JSON.parse(body.toString("utf8"));
          const schema = parsed.response_format?.json_schema?.schema;
          if (schema)
            emulator.queueChatReply({ content: JSON.stringify(richSample(schema, body)) });
        }
        const path = new URL(incoming.url ?? "/", "http://proxy").pathname;
        const early = clock?.early(path, Date.now());
        if (early) return sendJson(response, 200, early);
        const outgoing = forward(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: incoming.method,
            path: incoming.url,
            headers: incoming.headers,
          },
          (reply) => {
            if (!clock || !(VIDEO_SUBMIT.test(path) || VIDEO_FETCH.test(path))) {
              response.writeHead(reply.statusCode ?? 502, reply.headers);
              reply.pipe(response);
              return;
            }
            const parts = [];
            reply.on("data", (chunk) => parts.push(chunk));
            reply.on("end", () => {
              const text = Buffer.concat(parts).toString("utf8");
              let parsed;
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = undefined;
              }
              if (parsed === undefined) {
                response.writeHead(reply.statusCode ?? 502, reply.headers);
                return response.end(text);
              }
              sendJson(response, reply.statusCode ?? 502, clock.reply(path, parsed, Date.now()));
            });
          },
        );
        outgoing.on("error", () => response.destroy());
        outgoing.end(body);
      }, wait),
    );
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

/** Starts the three emulators and their proxies; returns the env that points litink at them. */
export async function startEmulators() {
  const openrouter = await startOpenAICompatibleEmulator({ dialect: "openrouter" });
  // The emulator finishes a video on its first fetch; the proxy's clock answers `processing`
  // until the video's time is up.
  const modelslab = await startModelsLabEmulator({ processingPolls: 0, videoProcessingPolls: 0 });
  const videos = videoClock();
  const elevenlabs = await startElevenLabsEmulator({ expectedKey: ELEVENLABS_KEY });
  const proxies = {
    openrouter: await delayed(openrouter.url, openrouter),
    modelslab: await delayed(modelslab.url, undefined, videos),
    elevenlabs: await delayed(elevenlabs.url),
  };
  const env = {
    OPENROUTER_API_KEY: EMULATOR_API_KEY,
    OPENROUTER_BASE_URL: `${proxies.openrouter.url}/api/v1`,
    MODELSLAB_API_KEY: MODELSLAB_TEST_KEY,
    MODELSLAB_BASE_URL: proxies.modelslab.url,
    ELEVENLABS_API_KEY: ELEVENLABS_KEY,
    ELEVENLABS_BASE_URL: proxies.elevenlabs.url,
  };
  const close = async () => {
    for (const proxy of Object.values(proxies)) proxy.server.closeAllConnections?.();
    await Promise.all(
      Object.values(proxies).map((proxy) => new Promise((resolve) => proxy.server.close(resolve))),
    );
    await Promise.all([openrouter.close(), modelslab.close(), elevenlabs.close()]);
  };
  return { env, close, counts: { openrouter, modelslab, elevenlabs }, videos: videos.jobs };
}
