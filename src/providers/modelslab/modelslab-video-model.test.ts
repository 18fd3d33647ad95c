import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MODELSLAB_TEST_KEY,
  type ModelsLabEmulator,
  startModelsLabEmulator,
} from "../../../test/emulators/modelslab.js";
import { ArtifactStore } from "../../store/artifacts.js";
import { openStore } from "../../store/db.js";
import { downloadOutputs } from "../download.js";
import { isProviderError } from "../provider-error.js";
import type { JobHandle } from "../spec/media-job.js";
import type { VideoCallOptions } from "../spec/video-model.js";
import { createModelsLab } from "./modelslab-provider.js";

const clip: VideoCallOptions = {
  prompt: "slow push-in on the lighthouse",
  initImage: { url: "https://cdn.example/still.png" },
  durationSeconds: 5,
  width: 1280,
  height: 720,
};
let emulator: ModelsLabEmulator;
let home: string;

beforeAll(async () => {
  emulator = await startModelsLabEmulator({ videoProcessingPolls: 2 });
  home = mkdtempSync(join(tmpdir(), "litink-modelslab-video-"));
});
afterAll(async () => {
  await emulator.close();
  rmSync(home, { recursive: true, force: true });
});

const video = (modelId: string) =>
  createModelsLab({ baseURL: emulator.url, apiKey: MODELSLAB_TEST_KEY }).video(modelId);

describe("ModelsLab video model", () => {
  it("starts an async job, polls it to success and downloads a real MP4", async () => {
    const model = video("seedance-i2v");
    const start = await model.doStart(clip);
    expect(start.state).toBe("started");
    if (start.state !== "started") return;
    expect(emulator.requests.at(-1)?.json).toMatchObject({
      model_id: "seedance-i2v",
      init_image: "https://cdn.example/still.png",
      duration: "5",
      aspect_ratio: "16:9",
      resolution: "720p",
    });
    // The runner persists the handle as JSON and may poll from another process.
    const handle: JobHandle = JSON.parse(JSON.stringify(start.handle));
    expect(handle.statusUrl).toBe(`${emulator.url}/v7/video-fusion/fetch/${handle.jobId}`);

    expect((await model.doStatus(handle)).state).toBe("processing");
    expect((await model.doStatus(handle)).state).toBe("processing");
    const done = await model.doStatus(handle);
    expect(done.state).toBe("succeeded");
    if (done.state !== "succeeded") return;
    expect(done.usage).toEqual({ videoSeconds: 5 });
    expect(done.response.id).toBe(handle.jobId);

    // Polling never re-submits: one generate call, three fetches.
    expect(emulator.count("/v7/video-fusion/image-to-video")).toBe(1);
    expect(emulator.count(`/v7/video-fusion/fetch/${handle.jobId}`)).toBe(3);

    const store = new ArtifactStore(await openStore(home), home);
    const [artifact] = await downloadOutputs(done.outputs, store, {
      timeoutMs: 5_000,
      maxBytes: 5_000_000,
    });
    expect(artifact?.mediaType).toBe("video/mp4");
    expect(artifact?.path.endsWith(".mp4")).toBe(true);
  });

  it("a local-only start frame is a clear bad-request, and nothing is sent", async () => {
    const before = emulator.requests.length;
    const error = await video("seedance-i2v")
      .doStart({ ...clip, initImage: { path: "/tmp/still.png" } })
      .catch((caught: unknown) => caught);
    expect(isProviderError(error) && error.failure).toBe("bad-request");
    expect((error as Error).message).toContain("public URL");
    expect(emulator.requests.length).toBe(before);
  });

  it("rounds the duration to whole seconds with a warning, and bills what was sent", async () => {
    const start = await video("wan2.6-i2v").doStart({ ...clip, durationSeconds: 4.6 });
    expect(emulator.requests.at(-1)?.json).toMatchObject({ duration: "5" });
    expect(start.warnings[0]?.setting).toBe("durationSeconds");
    if (start.state !== "started") throw new Error("expected a started job");
    expect((start.handle as { usage?: unknown }).usage).toEqual({ videoSeconds: 5 });
  });

  it("the v7 'try use another model' error is a bad-request so the chain moves on", async () => {
    emulator.inject({
      pathIncludes: "image-to-video",
      fault: {
        kind: "status",
        status: 200,
        body: {
          status: "error",
          message: "Video cannot be generated at the moment, try use another model",
        },
      },
    });
    const error = await video("veo2")
      .doStart(clip)
      .catch((caught: unknown) => caught);
    expect(isProviderError(error) && error.failure).toBe("bad-request");
  });

  it("an unknown job id on fetch is a failed status", async () => {
    const status = await video("seedance-i2v").doStatus({
      provider: "modelslab",
      modelId: "seedance-i2v",
      jobId: "999",
      startedAt: new Date().toISOString(),
    });
    expect(status).toEqual({ state: "failed", message: "Request not found", retryable: false });
  });
});
