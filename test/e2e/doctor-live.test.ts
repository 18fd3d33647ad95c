import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ElevenLabsEmulator, startElevenLabsEmulator } from "../emulators/elevenlabs.js";
import { type ModelsLabEmulator, startModelsLabEmulator } from "../emulators/modelslab.js";
import {
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from "../emulators/openai-compatible.js";
import { runCliAsync, tempDir } from "../support/cli.js";

const KEYS = {
  OPENROUTER_API_KEY: "sk-or-v1-LIVE-SECRET-router",
  OPENAI_API_KEY: "sk-LIVE-SECRET-openai",
  ELEVENLABS_API_KEY: "LIVE-SECRET-eleven",
  MODELSLAB_API_KEY: "LIVE-SECRET-modelslab",
};

let openrouter: OpenAICompatibleEmulator;
let openai: OpenAICompatibleEmulator;
let elevenlabs: ElevenLabsEmulator;
let modelslab: ModelsLabEmulator;

beforeAll(async () => {
  openrouter = await startOpenAICompatibleEmulator({
    dialect: "openrouter",
    apiKey: KEYS.OPENROUTER_API_KEY,
  });
  openai = await startOpenAICompatibleEmulator({ dialect: "openai", apiKey: KEYS.OPENAI_API_KEY });
  elevenlabs = await startElevenLabsEmulator({ expectedKey: KEYS.ELEVENLABS_API_KEY });
  modelslab = await startModelsLabEmulator({ expectedKey: KEYS.MODELSLAB_API_KEY });
});
afterAll(async () => {
  await Promise.all(
    [openrouter, openai, elevenlabs, modelslab].map((emulator) => emulator.close()),
  );
});

function environment(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...KEYS,
    OPENROUTER_BASE_URL: `${openrouter.url}/api/v1`,
    OPENAI_BASE_URL: `${openai.url}/v1`,
    ELEVENLABS_BASE_URL: elevenlabs.url,
    MODELSLAB_BASE_URL: modelslab.url,
    ...overrides,
  };
}

type Check = { name: string; ok: boolean; detail: string; latencyMs?: number };

describe("doctor --live against the provider emulators", () => {
  it("calls every configured provider once per modality, records the calls, never prints a key", async () => {
    const cwd = tempDir();
    const before = {
      chat: openrouter.count("/chat/completions"),
      embeddings: openai.count("/embeddings"),
      image: modelslab.count("/images/text-to-image"),
      video: modelslab.count("/video-fusion/image-to-video"),
      speech: elevenlabs.count("/v1/text-to-speech"),
    };
    const run = await runCliAsync(["doctor", "--live", "--tier", "basic", "--json"], {
      cwd,
      env: environment(),
    });
    expect(run.code).toBe(0);
    const checks = run.events.at(-1)!.checks as Check[];
    for (const name of [
      "text: openrouter:deepseek/deepseek-chat",
      "embedding: openai:text-embedding-3-small",
      "image: modelslab:seedream-4",
      "video: modelslab:seedance-i2v",
      "speech: elevenlabs:eleven_flash_v2_5",
    ]) {
      const check = checks.find((entry) => entry.name === name);
      expect(check, name).toMatchObject({ ok: true });
      expect(typeof check?.latencyMs).toBe("number");
    }
    // One request each, counted by the emulators; video is checked without submitting a job.
    expect(openrouter.count("/chat/completions") - before.chat).toBe(1);
    expect(openai.count("/embeddings") - before.embeddings).toBe(1);
    expect(modelslab.count("/images/text-to-image") - before.image).toBe(1);
    expect(modelslab.count("/video-fusion/image-to-video") - before.video).toBe(0);
    expect(elevenlabs.count("/v1/text-to-speech") - before.speech).toBe(1);

    const usage = (await runCliAsync(["usage", "--json"], { cwd })).events.at(-1)!;
    const models = (usage.byModel as Array<{ key: string }>).map((total) => total.key);
    expect(models).toEqual(
      expect.arrayContaining([
        "openrouter:deepseek/deepseek-chat",
        "modelslab:seedream-4",
        "elevenlabs:eleven_flash_v2_5",
      ]),
    );
    expect(usage.totalUsd as number).toBeGreaterThan(0);

    const stored = readdirSync(join(cwd, ".litink"))
      .map((name) => readFileSync(join(cwd, ".litink", name)).toString("latin1"))
      .join("");
    for (const key of Object.values(KEYS)) {
      expect(run.stdout + run.stderr + JSON.stringify(usage)).not.toContain(key);
      expect(stored).not.toContain(key);
    }
  });

  it("reports a provider that refuses its key as failed and exits 69, without printing the key", async () => {
    const wrong = "LIVE-SECRET-wrong-eleven";
    const run = await runCliAsync(["doctor", "--live", "--tier", "basic"], {
      cwd: tempDir(),
      env: environment({ ELEVENLABS_API_KEY: wrong }),
    });
    expect(run.code).toBe(69);
    expect(run.stdout).toMatch(/✖\s+speech: elevenlabs:eleven_flash_v2_5/);
    expect(run.stdout + run.stderr).not.toContain(wrong);
  });

  it("checks video without submitting a job, accepting any 'unknown job' answer but not a refused key", async () => {
    const video = async () => {
      const run = await runCliAsync(["doctor", "--live", "--tier", "basic", "--json"], {
        cwd: tempDir(),
        env: environment(),
      });
      return (run.events.at(-1)!.checks as Check[]).find(
        (check) => check.name === "video: modelslab:seedance-i2v",
      );
    };
    modelslab.inject({
      fault: { kind: "status", status: 404, body: { detail: "Not Found" } },
      pathIncludes: "/fetch/0",
    });
    expect(await video()).toMatchObject({ ok: true });
    modelslab.inject({ fault: { kind: "status", status: 401 }, pathIncludes: "/fetch/0" });
    expect(await video()).toMatchObject({ ok: false });
  });

  it("a paid tier with no key for text fails its chain check; --offline with --tier is a usage error", async () => {
    const cwd = tempDir();
    const missing = await runCliAsync(["doctor", "--live", "--tier", "basic", "--json"], {
      cwd,
      env: {},
    });
    expect(missing.code).toBe(69);
    const chain = (missing.events.at(-1)!.checks as Check[]).find(
      (check) => check.name === "text: chain",
    );
    expect(chain?.detail).toContain("OPENROUTER_API_KEY");
    expect(
      (await runCliAsync(["doctor", "--live", "--offline", "--tier", "basic"], { cwd })).code,
    ).toBe(64);
  });
});
