import { describe, expect, it } from "vitest";
import { configSchema } from "../config/schema.js";
import type { Task } from "./graph.js";
import { concurrencyKey, defaultLimits, limitOf, limitsFor } from "./runner-limits.js";

function taskOn(ref: string, modality: Task["modality"]): Task {
  return {
    ...{ id: "t", kind: "image", version: 1, stage: "media", chapter: 1, scene: null },
    ...{ modality, chain: [ref], params: {}, inputs: [], estimate: { usd: 0, seconds: 1 } },
  };
}

describe("concurrency limits", () => {
  it("takes the defaults from the config schema", () => {
    const limits = limitsFor(undefined, configSchema.parse({}).concurrency);
    expect(limits).toEqual(defaultLimits);
  });

  it("applies a provider's and a pool's own limit from config, the pool's first", () => {
    const configured = configSchema.parse({
      concurrency: { remote: 3, providers: { elevenlabs: 2, "modelslab:video": 6 } },
    }).concurrency;
    const limits = limitsFor(undefined, configured);
    expect(limitOf(concurrencyKey(taskOn("elevenlabs:eleven_v3", "speech")), limits)).toBe(2);
    expect(limitOf(concurrencyKey(taskOn("modelslab:wan", "video")), limits)).toBe(6);
    expect(limitOf(concurrencyKey(taskOn("modelslab:flux", "image")), limits)).toBe(3);
    expect(limitOf(concurrencyKey(taskOn("local:espeak", "speech")), limits)).toBe(2);
  });

  it("lets --concurrency override every pool, configured ones included", () => {
    const configured = configSchema.parse({
      concurrency: { overall: 20, providers: { elevenlabs: 2 } },
    }).concurrency;
    const limits = limitsFor(8, configured);
    expect(limitOf("elevenlabs:speech", limits)).toBe(8);
    expect(limitOf("local", limits)).toBe(8);
    expect(limits.overall).toBe(20);
  });

  it("refuses a malformed pool name in config", () => {
    const parsed = configSchema.safeParse({ concurrency: { providers: { "Model Labs": 2 } } });
    expect(parsed.success).toBe(false);
  });
});
