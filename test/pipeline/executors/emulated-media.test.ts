import { unlinkSync } from "node:fs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TaskCache } from "../../../src/pipeline/cache.js";
import { executorFor } from "../../../src/pipeline/executors/index.js";
import { keyParts, outputHash } from "../../../src/pipeline/task-key.js";
import { type ElevenLabsEmulator, startElevenLabsEmulator } from "../../emulators/elevenlabs.js";
import {
  MODELSLAB_TEST_KEY,
  type ModelsLabEmulator,
  startModelsLabEmulator,
} from "../../emulators/modelslab.js";
import {
  type ExecutorFixture,
  executorFixture,
  imageParams,
  mediaTask,
  speechParams,
} from "./executor-context.js";

const ELEVEN_KEY = "el-test-key-executors";
let modelslab: ModelsLabEmulator;
let elevenlabs: ElevenLabsEmulator;
let fixture: ExecutorFixture;

beforeAll(async () => {
  modelslab = await startModelsLabEmulator();
  elevenlabs = await startElevenLabsEmulator({ expectedKey: ELEVEN_KEY });
});
afterAll(async () => {
  await modelslab.close();
  await elevenlabs.close();
});
beforeEach(async () => {
  fixture = await executorFixture({
    MODELSLAB_API_KEY: MODELSLAB_TEST_KEY,
    MODELSLAB_BASE_URL: modelslab.url,
    ELEVENLABS_API_KEY: ELEVEN_KEY,
    ELEVENLABS_BASE_URL: elevenlabs.url,
  });
  modelslab.clearFaults();
  elevenlabs.clearFaults();
});
afterEach(() => fixture.close());

const generations = () => modelslab.count("/v7/images/text-to-image");
const speeches = () => elevenlabs.count("/v1/text-to-speech/");

describe("media executors against the emulated providers", () => {
  it("image: two shots with one key at once share one paid submission", async () => {
    const shot = (id: string) => ({
      ...mediaTask({
        id: `image:${id}`,
        kind: "image",
        modality: "image",
        chain: ["modelslab:seedream-4", "local:storyboard"],
        params: imageParams("same-prompt"),
      }),
      key: "key-one-prompt-two-shots",
    });
    const before = generations();
    const [first, second] = await Promise.all([
      executorFor("image")(shot("ch01-sc01-sh01"), new Map(), fixture.context),
      executorFor("image")(shot("ch01-sc02-sh01"), new Map(), fixture.context),
    ]);
    expect(generations()).toBe(before + 1);
    expect(second?.output).toEqual(first?.output);
    // Paid once: the second shot's share costs nothing.
    expect((first?.costUsd ?? 0) + (second?.costUsd ?? 0)).toBeCloseTo(0.03, 6);
  });

  it("image: one paid submission; the same key again makes no provider call", async () => {
    const task = mediaTask({
      id: "image:ch01-sc01-sh01",
      kind: "image",
      modality: "image",
      chain: ["modelslab:seedream-4", "local:storyboard"],
      params: imageParams("ch01-sc01-sh01"),
    });
    const before = generations();
    const first = await executorFor("image")(task, new Map(), fixture.context);
    expect(generations()).toBe(before + 1);
    expect(first).toMatchObject({ provider: "modelslab", model: "seedream-4" });
    expect(first.costUsd).toBeCloseTo(0.03, 6);
    expect(first.output.values).toMatchObject({ width: 320, height: 180, mediaType: "image/png" });

    const again = await executorFor("image")(task, new Map(), fixture.context);
    expect(generations()).toBe(before + 1);
    expect(again.output).toEqual(first.output);
    expect(again.costUsd).toBe(0);
    expect(again.provider).toBe("modelslab");

    // The cached file deleted by hand: fetched again from the saved job, never re-generated.
    const artifact = fixture.context.artifacts.get(first.output.artifacts.image as string);
    unlinkSync(artifact!.path);
    const restored = await executorFor("image")(task, new Map(), fixture.context);
    expect(generations()).toBe(before + 1);
    expect(restored.output).toEqual(first.output);
  });

  it("image: a refused model falls back to the storyboard and says from where", async () => {
    modelslab.inject({
      fault: { kind: "status", status: 401 },
      pathIncludes: "text-to-image",
      times: 5,
    });
    const task = mediaTask({
      id: "image:ch01-sc01-sh02",
      kind: "image",
      modality: "image",
      chain: ["modelslab:seedream-4", "local:storyboard"],
      params: imageParams("ch01-sc01-sh02"),
    });
    const result = await executorFor("image")(task, new Map(), fixture.context);
    expect(result).toMatchObject({
      provider: "local",
      model: "storyboard",
      fallbackFrom: "modelslab:seedream-4",
      costUsd: 0,
    });
  });

  it("image: a fallback's job serves its own run's resume, and a later run tries the primary", async () => {
    const startRun = (id: string, startedAt: Date) =>
      fixture.db
        .prepare(
          `INSERT INTO runs (id, book_file, out_dir, tier, options, status, started_at, updated_at)
           VALUES (?, 'book.txt', 'out', 'basic', '{}', 'running', ?, ?)`,
        )
        .run(id, startedAt.toISOString(), startedAt.toISOString());
    startRun(fixture.context.runId, new Date(Date.now() - 60_000));
    modelslab.inject({
      fault: { kind: "status", status: 401 },
      pathIncludes: "text-to-image",
      times: 5,
    });
    const task = mediaTask({
      id: "image:ch01-sc01-sh05",
      kind: "image",
      modality: "image",
      chain: ["modelslab:seedream-4", "local:storyboard"],
      params: imageParams("ch01-sc01-sh05"),
    });
    const served = await executorFor("image")(task, new Map(), fixture.context);
    expect(served).toMatchObject({ provider: "local", fallbackFrom: "modelslab:seedream-4" });
    modelslab.clearFaults();

    const before = generations();
    const resumed = await executorFor("image")(task, new Map(), fixture.context);
    expect(resumed.provider).toBe("local");
    expect(generations()).toBe(before);

    const later = { ...fixture.context, runId: "r-test-later" };
    startRun(later.runId, new Date(Date.now() + 1000));
    const retried = await executorFor("image")(task, new Map(), later);
    expect(retried).toMatchObject({ provider: "modelslab", model: "seedream-4" });
    expect(generations()).toBe(before + 1);
  });

  it("speech: one call billed per character; a cached line makes no call", async () => {
    const text = "The keeper climbed the stairs again.";
    const task = mediaTask({
      id: "speech:ch01-sc01-l01",
      kind: "speech",
      modality: "speech",
      chain: ["elevenlabs:eleven_flash_v2_5", "local:espeak"],
      params: speechParams("ch01-sc01-l01", "21m00Tcm4TlvDq8ikWAM", text),
    });
    const before = speeches();
    const result = await executorFor("speech")(task, new Map(), fixture.context);
    expect(speeches()).toBe(before + 1);
    expect(result).toMatchObject({ provider: "elevenlabs", model: "eleven_flash_v2_5" });
    expect(result.costUsd).toBeCloseTo((text.length / 1000) * 0.05, 6);
    expect(result.output.values.mediaType).toBe("audio/mpeg");
    expect(result.output.values.durationSeconds as number).toBeGreaterThan(1);

    // The runner's path on the second run: a cache hit, so the executor is not called.
    const cache = new TaskCache(fixture.db, fixture.home);
    const output = { ...result.output, hash: outputHash(result.output) };
    cache.commit(task.key, {
      kind: "speech",
      taskId: task.id,
      parts: keyParts(task, new Map()),
      output,
      provider: result.provider ?? null,
      model: result.model ?? null,
      costUsd: result.costUsd,
    });
    expect(cache.get(task.key)?.output).toEqual(output);
    expect(speeches()).toBe(before + 1);
  });

  it("speech: a character without a voice still gets the same voice each time", async () => {
    const task = mediaTask({
      id: "speech:ch01-sc01-l02",
      kind: "speech",
      modality: "speech",
      chain: ["elevenlabs:eleven_flash_v2_5", "local:espeak"],
      params: speechParams("ch01-sc01-l02", null, "Who goes there?"),
    });
    const voicesBefore = elevenlabs.count("/v1/voices");
    const first = await executorFor("speech")(task, new Map(), fixture.context);
    const second = await executorFor("speech")(task, new Map(), fixture.context);
    expect(second.output.artifacts).toEqual(first.output.artifacts);
    // Picked from the provider's own list (asked once per run), so the provider serves it.
    expect(first).toMatchObject({ provider: "elevenlabs", model: "eleven_flash_v2_5" });
    expect(first.fallbackFrom).toBeUndefined();
    expect(elevenlabs.count("/v1/voices")).toBe(voicesBefore + 1);
  });

  it("clip: a remote image-to-video model gets the still's provider link, not a local path", async () => {
    const image = mediaTask({
      id: "image:ch01-sc01-sh02",
      kind: "image",
      modality: "image",
      chain: ["modelslab:seedream-4", "local:storyboard"],
      params: imageParams("ch01-sc01-sh02"),
    });
    const made = await executorFor("image")(image, new Map(), fixture.context);
    const url = made.output.values.url;
    expect(typeof url === "string" && url.startsWith(modelslab.url)).toBe(true);
    const still = { ...made.output, hash: outputHash(made.output) };
    const line = { artifacts: {}, values: { durationSeconds: 1.5 }, hash: "line-1" };
    const clip = mediaTask({
      id: "clip:ch01-sc01-sh02",
      kind: "clip",
      modality: "video",
      chain: ["modelslab:seedance-i2v", "local:ken-burns"],
      params: {
        shotId: "ch01-sc01-sh02",
        prompt: "slow push in",
        width: 320,
        height: 180,
        fps: 12,
        seed: 3,
        gapSeconds: 0.35,
      },
      inputs: [image.id, "speech:ch01-sc01-ln001"],
    });
    const inputs = new Map([
      [image.id, still],
      ["speech:ch01-sc01-ln001", line],
    ]);
    const result = await executorFor("clip")(clip, inputs, fixture.context);
    expect(result).toMatchObject({ provider: "modelslab", model: "seedance-i2v" });
    const submitted = modelslab.requests.filter((request) =>
      request.path.endsWith("/video-fusion/image-to-video"),
    );
    expect(submitted).toHaveLength(1);
    const body = (submitted[0]?.json ?? {}) as { init_image?: unknown };
    expect(body.init_image).toBe(url);
  }, 30_000);
});
