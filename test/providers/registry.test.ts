import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModel } from "../../src/providers/registry.js";
import { type ModelsLabEmulator, startModelsLabEmulator } from "../emulators/modelslab.js";
import { tinyPng } from "../emulators/modelslab-media.js";

let modelslab: ModelsLabEmulator;
beforeAll(async () => {
  modelslab = await startModelsLabEmulator({ expectedKey: "k" });
});
afterAll(() => modelslab.close());

describe("model registry", () => {
  it("returns null for a provider without a key, and local models without any", async () => {
    expect(await createModel("openrouter:openai/gpt-4o", "text", { env: {} })).toBeNull();
    const frame = await createModel("local:storyboard", "image", { env: {} });
    expect(frame).toMatchObject({ provider: "local", modelId: "storyboard", modality: "image" });
  });

  it("refuses unknown providers and modalities a provider does not offer", async () => {
    await expect(createModel("acme:thing", "text", { env: {} })).rejects.toThrow(
      /unknown provider/,
    );
    await expect(createModel("local:storyboard", "speech", { env: {} })).rejects.toThrow(
      /no speech/,
    );
  });

  it("passes provider settings from config: ModelsLab sends a local still inline when allowed", async () => {
    const still = join(mkdtempSync(join(tmpdir(), "litink-registry-")), "still.png");
    writeFileSync(still, tinyPng(3));
    const env = { MODELSLAB_API_KEY: "k", MODELSLAB_BASE_URL: modelslab.url };
    const video = await createModel("modelslab:seedance-i2v", "video", {
      env,
      settings: { modelslab: { base64InitImages: true } },
    });
    const started = await video!.doStart({
      prompt: "slow push in",
      initImage: { path: still },
      durationSeconds: 2,
      width: 640,
      height: 360,
    });
    expect(started.state).toBe("started");
    const body = modelslab.requests.at(-1)?.json as { base64?: unknown; init_image?: string };
    expect(body.base64).toBeTruthy();
    expect(body.init_image?.startsWith("http")).toBe(false);
    const refused = await createModel("modelslab:seedance-i2v", "video", { env });
    await expect(
      refused!.doStart({
        prompt: "x",
        initImage: { path: still },
        durationSeconds: 2,
        width: 640,
        height: 360,
      }),
    ).rejects.toMatchObject({ failure: "bad-request" });
  });
});
