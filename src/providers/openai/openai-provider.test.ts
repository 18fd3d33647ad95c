import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EMULATOR_API_KEY,
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from "../../../test/emulators/openai-compatible.js";
import { createOpenAICompatible, openAICompatibleFromEnv } from "./openai-provider.js";

let emulator: OpenAICompatibleEmulator;
beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator();
});
afterAll(() => emulator.close());

describe("openAICompatibleFromEnv", () => {
  it("is null without a key, whatever else is set", () => {
    expect(openAICompatibleFromEnv("openrouter", { OPENROUTER_BASE_URL: emulator.url })).toBeNull();
    expect(openAICompatibleFromEnv("openai", { OPENAI_API_KEY: "  " })).toBeNull();
  });

  it("uses the base URL from the environment", async () => {
    const provider = openAICompatibleFromEnv("openrouter", {
      OPENROUTER_API_KEY: EMULATOR_API_KEY,
      OPENROUTER_BASE_URL: `${emulator.url}/api/v1`,
    });
    expect(provider?.name).toBe("openrouter");
    const result = await provider!.text("openai/gpt-4o").doGenerate({
      messages: [{ role: "user", content: "hello" }],
    });
    expect(result.text).toContain("hello");
    expect(emulator.requests.at(-1)!.path).toBe("/api/v1/chat/completions");
  });

  it("needs a base URL for providers without a documented default", () => {
    expect(openAICompatibleFromEnv("together", { TOGETHER_API_KEY: "k" })).toBeNull();
    expect(
      openAICompatibleFromEnv("together", {
        TOGETHER_API_KEY: "k",
        TOGETHER_BASE_URL: emulator.url,
      })?.name,
    ).toBe("together");
  });
});

describe("createOpenAICompatible", () => {
  it("keeps the key out of the models it hands out", () => {
    const key = "sk-or-v1-never-serialised-31337";
    const provider = createOpenAICompatible({
      provider: "openrouter",
      baseURL: emulator.url,
      apiKey: key,
    });
    const text = provider.text("openai/gpt-4o");
    const embedding = provider.embedding("text-embedding-3-small");
    expect(JSON.stringify({ text, embedding, provider })).not.toContain(key);
    expect(text).toMatchObject({
      specificationVersion: "v1",
      modality: "text",
      provider: "openrouter",
    });
    expect(embedding).toMatchObject({ modality: "embedding", maxEmbeddingsPerCall: 2048 });
  });

  it("refuses an empty key", () => {
    expect(() =>
      createOpenAICompatible({ provider: "openai", baseURL: emulator.url, apiKey: "" }),
    ).toThrow();
  });

  it("makes no request until a model is used", () => {
    const before = emulator.requests.length;
    createOpenAICompatible({ provider: "openai", baseURL: emulator.url, apiKey: "k" }).text("m");
    expect(emulator.requests.length).toBe(before);
  });
});
