import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODELSLAB_TEST_KEY, type ModelsLabEmulator, startModelsLabEmulator } from "./modelslab.js";

/** The emulator's own wire behaviour, checked with plain fetch (no litink code). */
let emulator: ModelsLabEmulator;
beforeAll(async () => {
  emulator = await startModelsLabEmulator({ videoProcessingPolls: 1 });
});
afterAll(async () => {
  await emulator.close();
});

async function post(path: string, body: Record<string, unknown>) {
  const response = await fetch(`${emulator.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("ModelsLab emulator", () => {
  it("answers a missing key with 401 and the error envelope, or HTTP 200 in that mode", async () => {
    const body = { model_id: "seedream-4", prompt: "x" };
    expect(await post("/v7/images/text-to-image", body)).toEqual({
      status: 401,
      json: { status: "error", message: "Invalid API key" },
    });
    emulator.configure({ errorsWithHttp200: true, legacyMessageField: true });
    expect(await post("/v7/images/text-to-image", body)).toEqual({
      status: 200,
      json: { status: "error", messege: "Invalid API key" },
    });
    emulator.configure({ errorsWithHttp200: false, legacyMessageField: false });
  });

  it("queues video, serves the file only once the job is done, and answers HEAD", async () => {
    const started = await post("/v7/video-fusion/image-to-video", {
      key: MODELSLAB_TEST_KEY,
      model_id: "veo2",
      prompt: "waves",
      init_image: "https://cdn.example/a.png",
    });
    expect(started.json).toMatchObject({ status: "processing", output: [] });
    const [link] = started.json.future_links as string[];
    expect((await fetch(link!)).status).toBe(404);
    const fetchUrl = new URL(started.json.fetch_result as string).pathname;
    expect((await post(fetchUrl, { key: MODELSLAB_TEST_KEY })).json.status).toBe("processing");
    const done = await post(fetchUrl, { key: MODELSLAB_TEST_KEY });
    expect(done.json).toMatchObject({ status: "success", output: [link] });
    const head = await fetch(link!, { method: "HEAD" });
    expect([head.status, head.headers.get("content-type")]).toEqual([200, "video/mp4"]);
    expect(emulator.count("/outputs/")).toBe(2);
  });

  it("refuses a queue past its limit with 429 and retry_after", async () => {
    emulator.configure({ queueLimit: 0, retryAfterSeconds: 4 });
    const reply = await post("/v7/images/text-to-image", {
      key: MODELSLAB_TEST_KEY,
      model_id: "seedream-4",
      prompt: "x",
    });
    expect(reply.status).toBe(429);
    expect(reply.json.retry_after).toBe(4);
    emulator.configure({ queueLimit: Number.POSITIVE_INFINITY });
  });
});
