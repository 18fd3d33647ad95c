import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, sendJson, startEmulator } from "../../../test/emulators/harness.js";
import {
  MODELSLAB_TEST_KEY,
  type ModelsLabEmulator,
  startModelsLabEmulator,
} from "../../../test/emulators/modelslab.js";
import type { ImageModel } from "../spec/image-model.js";
import type { JobHandle, JobStatus } from "../spec/media-job.js";
import type { VideoCallOptions } from "../spec/video-model.js";
import { createModelsLab } from "./modelslab-provider.js";

const frame = { prompt: "a lighthouse at dusk", width: 1024, height: 576 };
const clip: VideoCallOptions = {
  prompt: "slow push-in",
  initImage: { url: "https://cdn.example/still.png" },
  durationSeconds: 5,
  width: 1280,
  height: 720,
};
let emulator: ModelsLabEmulator;
/** Another origin that would gladly take the key: it must never receive a request. */
let stranger: Emulator;

beforeAll(async () => {
  emulator = await startModelsLabEmulator();
  stranger = await startEmulator({
    errorBody: () => ({}),
    routes: [
      {
        method: "POST",
        match: /.*/,
        handle: (_request, response) =>
          sendJson(response, 200, { status: "success", output: ["https://cdn.example/x.png"] }),
      },
    ],
  });
});
afterAll(async () => {
  await emulator.close();
  await stranger.close();
});
afterEach(() => {
  emulator.clearFaults();
  emulator.configure({ processingPolls: 0 });
});

const models = () => createModelsLab({ baseURL: emulator.url, apiKey: MODELSLAB_TEST_KEY });

/** Polls until the job leaves `processing` (the emulator holds a job for a set number of polls). */
async function pollToEnd(
  model: ImageModel,
  handle: JobHandle,
): Promise<{ status: JobStatus; polls: number }> {
  for (let polls = 1; ; polls++) {
    const status = await model.doStatus(handle);
    if (status.state !== "processing" || polls >= 5) return { status, polls };
  }
}

/** A job the emulator really holds, so the fallback fetch path can be polled to success. */
async function realJobId(): Promise<string> {
  emulator.configure({ processingPolls: 1 });
  const start = await models().image("seedream-4").doStart(frame);
  if (start.state !== "started") throw new Error("expected a started job");
  return start.handle.jobId;
}

describe("ModelsLab replies with nulls and strings", () => {
  const accepted: Array<[string, Record<string, unknown>, string, number | undefined]> = [
    [
      "nulls everywhere, an int id",
      {
        status: "processing",
        id: 123,
        eta: null,
        future_links: null,
        proxy_links: null,
        output: null,
        fetch_result: null,
        generationTime: null,
        meta: null,
        retry_after: null,
        message: null,
        tip: "an unknown extra field",
      },
      "123",
      undefined,
    ],
    [
      "numeric strings, a string id",
      { status: "processing", id: "job-9", eta: "12.5", generationTime: "1.4", output: [] },
      "job-9",
      12.5,
    ],
    [
      "a non-numeric eta and a lone link string",
      { status: "processing", id: 77, eta: "soon", future_links: "https://cdn.example/f.png" },
      "77",
      undefined,
    ],
  ];

  it.each(accepted)(
    "a processing reply with %s still yields a handle",
    async (_name, body, jobId, eta) => {
      emulator.inject({
        pathIncludes: "/v7/images/text-to-image",
        fault: { kind: "status", status: 200, body },
      });
      const start = await models().image("seedream-4").doStart(frame);
      expect(start.state).toBe("started");
      if (start.state !== "started") return;
      expect(start.handle.jobId).toBe(jobId);
      expect(start.handle.etaSeconds).toBe(eta);
      expect(start.handle.statusUrl).toBeUndefined();
    },
  );

  it("a video processing reply with nulls keeps the billed seconds in the handle", async () => {
    emulator.inject({
      pathIncludes: "/v7/video-fusion/image-to-video",
      fault: {
        kind: "status",
        status: 200,
        body: {
          status: "processing",
          id: "v-1",
          eta: null,
          future_links: null,
          generationTime: "3",
        },
      },
    });
    const start = await models().video("seedance-i2v").doStart(clip);
    expect(start.state).toBe("started");
    if (start.state !== "started") return;
    expect(start.handle).toMatchObject({ jobId: "v-1", usage: { videoSeconds: 5 } });
  });

  it("a fetch reply with nulls and a string generationTime succeeds", async () => {
    const jobId = await realJobId();
    emulator.inject({
      pathIncludes: `/v7/images/fetch/${jobId}`,
      fault: {
        kind: "status",
        status: 200,
        body: {
          status: "success",
          id: Number(jobId) || jobId,
          output: ["https://cdn.example/done.png"],
          eta: null,
          future_links: null,
          proxy_links: null,
          generationTime: "2.0",
          meta: null,
        },
      },
    });
    const handle: JobHandle = {
      provider: "modelslab",
      modelId: "seedream-4",
      jobId,
      startedAt: new Date().toISOString(),
    };
    const status = await models().image("seedream-4").doStatus(handle);
    expect(status).toMatchObject({
      state: "succeeded",
      outputs: [{ url: "https://cdn.example/done.png" }],
    });
  });

  it("a reply without a status is still malformed (the check above can fail)", async () => {
    emulator.inject({
      pathIncludes: "/v7/images/text-to-image",
      fault: { kind: "status", status: 200, body: { id: 5, eta: null } },
    });
    await expect(models().image("seedream-4").doStart(frame)).rejects.toMatchObject({
      failure: "malformed",
    });
  });
});

describe("the key goes only to the configured origin", () => {
  it("ignores a fetch_result on another origin, warns, and polls the documented path", async () => {
    const jobId = await realJobId();
    emulator.inject({
      pathIncludes: "/v7/images/text-to-image",
      fault: {
        kind: "status",
        status: 200,
        body: {
          status: "processing",
          id: jobId,
          fetch_result: `${stranger.url}/v7/images/fetch/${jobId}`,
        },
      },
    });
    const model = models().image("seedream-4");
    const start = await model.doStart(frame);
    expect(start.state).toBe("started");
    if (start.state !== "started") return;
    expect(start.handle.statusUrl).toBeUndefined();
    expect(start.warnings.map((warning) => warning.message).join()).toContain("another origin");
    const before = emulator.count(`/v7/images/fetch/${jobId}`);
    const { status, polls } = await pollToEnd(model, JSON.parse(JSON.stringify(start.handle)));
    expect(status.state).toBe("succeeded");
    expect(emulator.count(`/v7/images/fetch/${jobId}`) - before).toBe(polls);
    expect(stranger.requests).toHaveLength(0);
  });

  it("a persisted handle naming another origin is polled on the base URL instead", async () => {
    const jobId = await realJobId();
    const handle: JobHandle = {
      provider: "modelslab",
      modelId: "seedream-4",
      jobId,
      statusUrl: `${stranger.url}/v7/images/fetch/${jobId}`,
      startedAt: new Date().toISOString(),
    };
    const { status } = await pollToEnd(models().image("seedream-4"), handle);
    expect(status.state).toBe("succeeded");
    if (status.state !== "succeeded") return;
    expect(status.warnings.map((warning) => warning.message).join()).toContain("another origin");
    expect(stranger.requests).toHaveLength(0);
  });

  it("a video job with a foreign fetch_result polls /v7/video-fusion/fetch/{id}", async () => {
    const before = emulator.count("/v7/video-fusion/fetch/v-404");
    const handle: JobHandle = {
      provider: "modelslab",
      modelId: "seedance-i2v",
      jobId: "v-404",
      statusUrl: `${stranger.url}/steal`,
      startedAt: new Date().toISOString(),
    };
    // The emulator does not know this job: its 404 envelope makes a failed status.
    const status = await models().video("seedance-i2v").doStatus(handle);
    expect(status.state).toBe("failed");
    expect(emulator.count("/v7/video-fusion/fetch/v-404") - before).toBe(1);
    expect(stranger.requests).toHaveLength(0);
  });
});

describe("per-call credential headers", () => {
  it("are dropped with a warning; other headers are sent", async () => {
    const start = await models()
      .image("seedream-4")
      .doStart({
        ...frame,
        headers: {
          Authorization: "Bearer nope",
          "x-api-key": "a",
          "xi-api-key": "b",
          key: "c",
          "x-title": "litink",
        },
      });
    const sent = emulator.requests.at(-1)?.headers ?? {};
    expect(sent["x-title"]).toBe("litink");
    for (const name of ["authorization", "x-api-key", "xi-api-key", "key"]) {
      expect(sent[name]).toBeUndefined();
    }
    const settings = start.warnings.map((warning) => warning.setting);
    expect(settings).toEqual(
      expect.arrayContaining([
        "headers.Authorization",
        "headers.x-api-key",
        "headers.xi-api-key",
        "headers.key",
      ]),
    );
  });
});
