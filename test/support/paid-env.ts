import { createHash } from "node:crypto";
import { createServer, request as forward, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ElevenLabsEmulator, startElevenLabsEmulator } from "../emulators/elevenlabs.js";
import type { LoggedRequest } from "../emulators/harness.js";
import {
  MODELSLAB_TEST_KEY,
  type ModelsLabEmulator,
  type ModelsLabEmulatorOptions,
  startModelsLabEmulator,
} from "../emulators/modelslab.js";
import { tinyPng } from "../emulators/modelslab-media.js";
import {
  EMULATOR_API_KEY,
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from "../emulators/openai-compatible.js";
import { sampleFromJsonSchema } from "../emulators/openai-compatible-json-sample.js";

/**
 * The three paid providers of the `basic` tier on loopback — OpenRouter (text), ModelsLab
 * (image, video), ElevenLabs (speech) — for e2e tests of `litink generate`. Calls are counted
 * from each emulator's own request log. Each emulator sits behind a small proxy that:
 * - forwards a request at once (the provider has it, and may bill it) and holds the answer
 *   for `latencyMs`, so a SIGKILL can land while paid calls are in flight;
 * - answers structured chat requests with a fuller screenplay (three items per list,
 *   numbered strings): more scenes, shots and lines than the emulator's minimal sample;
 * - serves each image with pixels derived from its model and prompt, not from the job id,
 *   so two runs of one book give byte-identical media whatever order the jobs ran in.
 */
export type PaidProvider = "openrouter" | "modelslab" | "elevenlabs";

export const ELEVENLABS_TEST_KEY = "sk_e2e_0123456789abcdef0123456789abcdef";

export interface PaidEmulatorOptions {
  /** Milliseconds each answer is held, per provider (default 0). */
  latencyMs?: Partial<Record<PaidProvider, number>>;
  /** USD per token OpenRouter reports as `usage.cost` (its default is tiny). */
  textPricePerToken?: number;
  /** Characters ElevenLabs reports as charged for a text (default: its length). */
  characterCost?: (text: string) => number;
  modelslab?: ModelsLabEmulatorOptions;
}

export interface PaidEmulators {
  openrouter: OpenAICompatibleEmulator;
  modelslab: ModelsLabEmulator;
  elevenlabs: ElevenLabsEmulator;
  /** Keys and base URLs pointing litink at the proxies. */
  env: Record<string, string>;
  /** Requests whose answer the proxy has not finished sending, per provider. */
  pending(): Record<PaidProvider, number>;
  /** Resolves once `count` more requests whose path contains `pathIncludes` reach `provider`. */
  arrival(provider: PaidProvider, pathIncludes: string, count?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startPaidEmulators(
  options: PaidEmulatorOptions = {},
): Promise<PaidEmulators> {
  const openrouter = await startOpenAICompatibleEmulator({
    dialect: "openrouter",
    ...(options.textPricePerToken !== undefined
      ? {
          pricePerToken: {
            prompt: options.textPricePerToken,
            completion: options.textPricePerToken,
          },
        }
      : {}),
  });
  // Images finish in their submission's answer; a video is ready on its first fetch.
  const modelslab = await startModelsLabEmulator({
    processingPolls: 0,
    videoProcessingPolls: 0,
    ...options.modelslab,
  });
  const elevenlabs = await startElevenLabsEmulator({
    expectedKey: ELEVENLABS_TEST_KEY,
    ...(options.characterCost ? { characterCost: options.characterCost } : {}),
  });
  const latency = options.latencyMs ?? {};
  const proxies = {
    openrouter: await startProxy(openrouter.url, latency.openrouter ?? 0, richChat(openrouter)),
    modelslab: await startProxy(modelslab.url, latency.modelslab ?? 0, stableImages()),
    elevenlabs: await startProxy(elevenlabs.url, latency.elevenlabs ?? 0, {}),
  };
  const emulators = { openrouter, modelslab, elevenlabs };
  return {
    ...emulators,
    env: {
      OPENROUTER_API_KEY: EMULATOR_API_KEY,
      OPENROUTER_BASE_URL: `${proxies.openrouter.url}/api/v1`,
      MODELSLAB_API_KEY: MODELSLAB_TEST_KEY,
      MODELSLAB_BASE_URL: proxies.modelslab.url,
      ELEVENLABS_API_KEY: ELEVENLABS_TEST_KEY,
      ELEVENLABS_BASE_URL: proxies.elevenlabs.url,
    },
    pending: () => ({
      openrouter: proxies.openrouter.pending.size,
      modelslab: proxies.modelslab.pending.size,
      elevenlabs: proxies.elevenlabs.pending.size,
    }),
    arrival: (provider, pathIncludes, count = 1) => {
      const emulator = emulators[provider];
      const seen = emulator.requests.length;
      const matching = () =>
        emulator.requests.slice(seen).filter((request) => request.path.includes(pathIncludes));
      return new Promise((resolve) => {
        const timer = setInterval(() => {
          if (matching().length >= count) {
            clearInterval(timer);
            resolve();
          }
        }, 5);
        // A moment that never comes (the process ended first) must not keep the test alive.
        timer.unref();
      });
    },
    close: async () => {
      for (const proxy of Object.values(proxies)) proxy.server.closeAllConnections();
      await Promise.all(
        Object.values(proxies).map(
          (proxy) => new Promise<void>((resolve) => proxy.server.close(() => resolve())),
        ),
      );
      await Promise.all([openrouter.close(), modelslab.close(), elevenlabs.close()]);
    },
  };
}

/** The paid requests an emulator received, each as a signature of what was asked for. */
export function paidRequests(provider: PaidProvider, requests: LoggedRequest[]): string[] {
  const paid = requests.filter((request) => isPaidRequest(provider, request));
  return paid.map((request) => {
    const body = (request.json ?? {}) as Record<string, unknown>;
    const { key: _key, ...asked } = body;
    // A still is passed by its link on this emulator, which names the job, not the picture.
    if (typeof asked.init_image === "string" && asked.init_image.includes("/outputs/"))
      asked.init_image = "<an output of this emulator>";
    return `${request.path} ${createHash("sha256").update(stableJson(asked)).digest("hex")}`;
  });
}

/** Calls a provider charges for: chat completions, job submissions, speech. */
export function isPaidRequest(provider: PaidProvider, request: LoggedRequest): boolean {
  if (request.method !== "POST") return false;
  if (provider === "openrouter") return request.path.endsWith("/chat/completions");
  if (provider === "modelslab") return !request.path.includes("/fetch/");
  return request.path.includes("/text-to-speech/");
}

interface Hooks {
  /** Runs before the request is forwarded (in arrival order; the next waits for its answer). */
  before?: (path: string, body: Buffer) => void;
  /** May replace the answer's body. */
  rewrite?: (path: string, status: number, body: Buffer) => Buffer;
}

interface Proxy {
  server: Server;
  url: string;
  pending: Set<IncomingMessage>;
}

async function startProxy(target: string, latencyMs: number, hooks: Hooks): Promise<Proxy> {
  const upstream = new URL(target);
  const pending = new Set<IncomingMessage>();
  // Hooked requests reach the emulator one at a time, so a queued reply meets its request.
  let queue: Promise<void> = Promise.resolve();
  const server = createServer((incoming, response) => {
    pending.add(incoming);
    response.on("close", () => pending.delete(incoming));
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      const path = new URL(incoming.url ?? "/", "http://proxy").pathname;
      const send = () =>
        new Promise<void>((answered) => {
          hooks.before?.(path, body);
          const outgoing = forward(
            {
              host: upstream.hostname,
              port: upstream.port,
              method: incoming.method,
              path: incoming.url,
              headers: incoming.headers,
            },
            (reply) => {
              const parts: Buffer[] = [];
              reply.on("data", (chunk: Buffer) => parts.push(chunk));
              reply.on("end", () => {
                answered();
                const status = reply.statusCode ?? 502;
                const original = Buffer.concat(parts);
                const bytes = hooks.rewrite?.(path, status, original) ?? original;
                const headers = { ...reply.headers, "content-length": String(bytes.length) };
                setTimeout(() => {
                  if (response.destroyed) return;
                  response.writeHead(status, headers);
                  response.end(bytes);
                }, latencyMs);
              });
            },
          );
          outgoing.on("error", () => {
            answered();
            response.destroy();
          });
          outgoing.end(body);
        });
      queue = queue.then(send);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pending };
}

/** Structured chat replies sampled three items wide, with numbered strings. */
function richChat(emulator: OpenAICompatibleEmulator): Hooks {
  return {
    before: (path, body) => {
      if (!path.endsWith("/chat/completions")) return;
      const parsed = JSON.parse(body.toString("utf8")) as {
        response_format?: { json_schema?: { schema?: unknown } };
      };
      const schema = parsed.response_format?.json_schema?.schema;
      if (schema === undefined) return;
      const content = sampleFromJsonSchema(schema, { width: 3, distinctStrings: true });
      emulator.queueChatReply({ content: JSON.stringify(content) });
    },
  };
}

/** Image bytes from a hash of the job's request, so equal requests give equal files. */
function stableImages(): Hooks {
  const seedOfJob = new Map<string, number>();
  const pendingSeeds = new Map<string, number>();
  return {
    before: (path, body) => {
      if (path.includes("/fetch/") || !path.includes("/images/")) return;
      const { key: _key, ...asked } = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
      const digest = createHash("sha256").update(stableJson(asked)).digest();
      pendingSeeds.set(path, digest.readUInt32LE(0) % 1_000_003);
    },
    rewrite: (path, status, body) => {
      if (status === 200 && path.startsWith("/v7/images/") && !path.includes("/fetch/")) {
        const { id } = JSON.parse(body.toString("utf8")) as { id?: number };
        const seed = pendingSeeds.get(path);
        if (id !== undefined && seed !== undefined) seedOfJob.set(String(id), seed);
      }
      const output = /^\/outputs\/(\d+)\.png$/.exec(path);
      const seed = output ? seedOfJob.get(output[1] ?? "") : undefined;
      return status === 200 && seed !== undefined ? tinyPng(seed) : body;
    },
  };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a.localeCompare(b),
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
