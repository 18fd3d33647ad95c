import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  MODELSLAB_TEST_KEY,
  type ModelsLabEmulator,
  startModelsLabEmulator,
} from "../../../test/emulators/modelslab.js";
import { tinyPng } from "../../../test/emulators/modelslab-media.js";
import { ArtifactStore } from "../../store/artifacts.js";
import { openStore } from "../../store/db.js";
import { downloadOutputs } from "../download.js";
import { isProviderError, type ProviderError } from "../provider-error.js";
import type { JobHandle } from "../spec/media-job.js";
import { createModelsLab } from "./modelslab-provider.js";

const frame = { prompt: "a lighthouse at dusk", width: 1024, height: 576 };
let emulator: ModelsLabEmulator;
let home: string;
let store: ArtifactStore;

beforeAll(async () => {
  emulator = await startModelsLabEmulator();
  home = mkdtempSync(join(tmpdir(), "litink-modelslab-"));
  store = new ArtifactStore(await openStore(home), home);
});
afterAll(async () => {
  await emulator.close();
  rmSync(home, { recursive: true, force: true });
});
afterEach(() => {
  emulator.clearFaults();
  emulator.configure({
    processingPolls: 0,
    errorsWithHttp200: false,
    legacyMessageField: false,
    successWithoutOutput: false,
    octetStreamOutputs: false,
    jobFailure: undefined,
    queueLimit: Number.POSITIVE_INFINITY,
  });
});

function provider(options: { apiKey?: string; base64InitImages?: boolean } = {}) {
  return createModelsLab({
    baseURL: `${emulator.url}/`,
    apiKey: options.apiKey ?? MODELSLAB_TEST_KEY,
    fetchTimeoutMs: 5_000,
    ...(options.base64InitImages ? { base64InitImages: true } : {}),
  });
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe("ModelsLab image model", () => {
  it("t2i finishing at once gives outputs that download into the store as a PNG", async () => {
    const before = emulator.count("/v7/images/text-to-image");
    const start = await provider().image("seedream-t2i").doStart(frame);
    expect(start.state).toBe("succeeded");
    if (start.state !== "succeeded") return;
    expect(start.usage).toEqual({ images: 1 });
    expect(start.response.modelId).toBe("seedream-t2i");
    expect(emulator.count("/v7/images/text-to-image") - before).toBe(1);
    const sent = emulator.requests.at(-1)?.json as Record<string, unknown>;
    expect(sent).toMatchObject({
      model_id: "seedream-t2i",
      width: "1024",
      height: "576",
      aspect_ratio: "16:9",
      samples: "1",
    });

    const [artifact] = await downloadOutputs(start.outputs, store, {
      timeoutMs: 5_000,
      maxBytes: 1_000_000,
    });
    expect(artifact?.mediaType).toBe("image/png");
    const bytes = readFileSync(artifact!.path);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(store.get(artifact!.hash)?.path).toBe(artifact!.path);
  });

  it("a slow image returns a handle, then processing, then succeeded — polling never re-submits", async () => {
    emulator.configure({ processingPolls: 1 });
    const model = provider().image("seedream-4");
    const generated = emulator.count("/v7/images/text-to-image");
    const start = await model.doStart(frame);
    expect(start.state).toBe("started");
    if (start.state !== "started") return;
    const handle: JobHandle = JSON.parse(JSON.stringify(start.handle)); // as the job runner persists it
    expect(handle).toMatchObject({ provider: "modelslab", modelId: "seedream-4", etaSeconds: 7 });
    expect(handle.statusUrl).toBe(`${emulator.url}/v7/images/fetch/${handle.jobId}`);

    expect(await model.doStatus(handle)).toEqual({ state: "processing", etaSeconds: 7 });
    const done = await model.doStatus(handle);
    expect(done.state).toBe("succeeded");
    if (done.state !== "succeeded") return;
    expect(done.outputs).toHaveLength(1);
    expect(done.usage.images).toBe(1);
    expect(emulator.count("/v7/images/text-to-image") - generated).toBe(1);
    expect(emulator.count(`/v7/images/fetch/${handle.jobId}`)).toBe(2);
  });

  it("polls the documented fetch path when the handle has no statusUrl", async () => {
    emulator.configure({ processingPolls: 1 });
    const model = provider().image("seedream-4");
    const start = await model.doStart(frame);
    if (start.state !== "started") throw new Error("expected a started job");
    const { statusUrl: _unused, ...handle } = start.handle;
    expect((await model.doStatus(handle)).state).toBe("processing");
    expect(emulator.count(`/v7/images/fetch/${handle.jobId}`)).toBe(1);
  });

  it("a finished job listing only future_links succeeds once those links resolve", async () => {
    emulator.configure({ processingPolls: 1, successWithoutOutput: true });
    const model = provider().image("seedream-4");
    const start = await model.doStart(frame);
    if (start.state !== "started") throw new Error("expected a started job");
    await model.doStatus(start.handle);
    const done = await model.doStatus(start.handle);
    expect(done.state).toBe("succeeded");
    if (done.state !== "succeeded") return;
    expect(done.outputs[0]?.url).toBe(`${emulator.url}/outputs/${start.handle.jobId}.png`);
  });

  it("a job that ends in error is a failed status, not a thrown error", async () => {
    emulator.configure({
      processingPolls: 1,
      jobFailure: { status: "failed", message: "Generation failed" },
    });
    const model = provider().image("seedream-4");
    const start = await model.doStart(frame);
    if (start.state !== "started") throw new Error("expected a started job");
    await model.doStatus(start.handle);
    expect(await model.doStatus(start.handle)).toEqual({
      state: "failed",
      message: "Generation failed",
      retryable: false,
    });
  });

  it("status error with HTTP 200 is a ProviderError, read from the legacy `messege` too", async () => {
    emulator.configure({ errorsWithHttp200: true, legacyMessageField: true });
    const error = await rejection(provider().image("no-such-model").doStart(frame));
    expect(error.failure).toBe("bad-request");
    expect(error.status).toBe(200);
    expect(error.message).toContain("Model not found: no-such-model");
  });

  it("maps a wrong key (HTTP 401) to auth and an unknown model (HTTP 400) to bad-request", async () => {
    const auth = await rejection(
      provider({ apiKey: "wrong-key-123" }).image("seedream-4").doStart(frame),
    );
    expect(auth.failure).toBe("auth");
    expect(auth.status).toBe(401);
    const missing = await rejection(provider().image("flux-imaginary").doStart(frame));
    expect(missing.failure).toBe("bad-request");
    expect(missing.message).toContain("Model not found: flux-imaginary");
  });

  it("429 with retry_after is a rate limit carrying retryAfterMs", async () => {
    emulator.inject({
      pathIncludes: "/v7/images/text-to-image",
      fault: {
        kind: "status",
        status: 429,
        body: {
          status: "error",
          message: "Rate limit exceeded. Maximum 5 queued requests allowed.",
          retry_after: 3,
        },
      },
    });
    const error = await rejection(provider().image("seedream-4").doStart(frame));
    expect(error.failure).toBe("rate-limit");
    expect(error.retryAfterMs).toBe(3_000);
    expect(error.isRetryable).toBe(true);
  });

  it("429 with only a Retry-After header also carries retryAfterMs", async () => {
    emulator.inject({
      pathIncludes: "/v7/images/fetch/",
      fault: { kind: "status", status: 429, retryAfterSeconds: 4 },
    });
    const model = provider().image("seedream-4");
    const error = await rejection(
      model.doStatus({
        provider: "modelslab",
        modelId: "seedream-4",
        jobId: "1",
        startedAt: new Date().toISOString(),
      }),
    );
    expect([error.failure, error.retryAfterMs]).toEqual(["rate-limit", 4_000]);
  });

  it("a queue-full reply with HTTP 200 is still a rate limit", async () => {
    emulator.configure({ errorsWithHttp200: true, queueLimit: 0 });
    const error = await rejection(provider().image("seedream-4").doStart(frame));
    expect(error.failure).toBe("rate-limit");
    expect(error.status).toBe(200);
    expect(error.retryAfterMs).toBe(2_000);
  });

  it("a 5xx is server/unavailable and an unparseable body is malformed", async () => {
    emulator.inject({ pathIncludes: "text-to-image", fault: { kind: "status", status: 503 } });
    expect((await rejection(provider().image("seedream-4").doStart(frame))).failure).toBe(
      "unavailable",
    );
    emulator.inject({ pathIncludes: "text-to-image", fault: { kind: "status", status: 500 } });
    expect((await rejection(provider().image("seedream-4").doStart(frame))).failure).toBe("server");
    emulator.inject({
      pathIncludes: "text-to-image",
      fault: { kind: "malformed", body: "<html>oops" },
    });
    expect((await rejection(provider().image("seedream-4").doStart(frame))).failure).toBe(
      "malformed",
    );
  });

  it("a hanging server times out", async () => {
    emulator.inject({ pathIncludes: "text-to-image", fault: { kind: "hang" } });
    const model = createModelsLab({
      baseURL: emulator.url,
      apiKey: MODELSLAB_TEST_KEY,
      fetchTimeoutMs: 300,
    });
    expect((await rejection(model.image("seedream-4").doStart(frame))).failure).toBe("timeout");
  });

  it("image-to-image sends a public URL to the v7 image-to-image endpoint", async () => {
    const before = emulator.count("/v7/images/image-to-image");
    const start = await provider()
      .image("seedream-4")
      .doStart({ ...frame, initImage: { url: "https://cdn.example/ref.png" }, strength: 0.6 });
    expect(start.state).toBe("succeeded");
    expect(emulator.count("/v7/images/image-to-image") - before).toBe(1);
    expect(emulator.requests.at(-1)?.json).toMatchObject({
      init_image: "https://cdn.example/ref.png",
      strength: 0.6,
    });
  });

  it("a local-only reference warns and falls back to text-to-image unless base64 is enabled", async () => {
    const folder = mkdtempSync(join(tmpdir(), "litink-ref-"));
    const path = join(folder, "ref.png");
    writeFileSync(path, tinyPng(3));
    try {
      const plain = await provider()
        .image("seedream-4")
        .doStart({ ...frame, initImage: { path } });
      expect(emulator.requests.at(-1)?.path).toBe("/v7/images/text-to-image");
      expect(plain.warnings.map((warning) => warning.setting)).toContain("initImage");

      const inline = await provider({ base64InitImages: true })
        .image("seedream-4")
        .doStart({ ...frame, initImage: { path } });
      expect(emulator.requests.at(-1)?.path).toBe("/v7/images/image-to-image");
      expect(emulator.requests.at(-1)?.json).toMatchObject({
        base64: true,
        init_image: tinyPng(3).toString("base64"),
      });
      if (inline.state !== "succeeded") throw new Error("expected immediate success");
      // base64 jobs link to base64 text; the download decodes it back into a PNG.
      const [artifact] = await downloadOutputs(inline.outputs, store, {
        timeoutMs: 5_000,
        maxBytes: 1e6,
      });
      expect(artifact?.mediaType).toBe("image/png");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("warns when the frame is outside ModelsLab's size range and sends a fitted one", async () => {
    const start = await provider()
      .image("seedream-4")
      .doStart({ ...frame, width: 1920, height: 1080 });
    expect(emulator.requests.at(-1)?.json).toMatchObject({
      width: "1024",
      height: "576",
      aspect_ratio: "16:9",
    });
    expect(start.state === "succeeded" && start.warnings[0]?.setting).toBe("size");
  });
});
