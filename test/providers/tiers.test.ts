import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { isLitinkError, type LitinkError } from "../../src/errors/app-error.js";
import { chainFor, selectTier, usableChains } from "../../src/providers/tiers.js";

async function loaded(env: NodeJS.ProcessEnv = {}) {
  return loadConfig({ cwd: mkdtempSync(join(tmpdir(), "litink-tiers-")), env });
}

function thrown(action: () => unknown): LitinkError {
  try {
    action();
  } catch (error) {
    if (isLitinkError(error)) return error;
    throw error;
  }
  throw new Error("expected a LitinkError");
}

describe("tier selection", () => {
  it("--tier > LITINK_TIER > config > local; keys alone never switch tiers", async () => {
    const withKeys = await loaded({ OPENROUTER_API_KEY: "sk-or-x", OPENAI_API_KEY: "sk-x" });
    expect(selectTier({}, withKeys)).toEqual({ tier: "local", tierSource: "default" });
    const fromEnv = await loaded({ LITINK_TIER: "basic" });
    expect(selectTier({}, fromEnv)).toEqual({ tier: "basic", tierSource: "env" });
    expect(selectTier({ tier: "premium" }, fromEnv)).toEqual({
      tier: "premium",
      tierSource: "flag",
    });
    expect(selectTier({ offline: true }, fromEnv)).toEqual({ tier: "local", tierSource: "flag" });
  });

  it("--offline with another tier, or an unknown tier, is a usage error (64)", async () => {
    const config = await loaded();
    expect(thrown(() => selectTier({ offline: true, tier: "basic" }, config)).exitCode).toBe(64);
    expect(thrown(() => selectTier({ tier: "gold" }, config)).exitCode).toBe(64);
  });

  it("a paid tier with no usable key for a modality is a configuration error (78) naming the key", async () => {
    const config = (await loaded()).config;
    const error = thrown(() => usableChains("basic", config, {}, ["text", "image"]));
    expect(error.exitCode).toBe(78);
    expect(error.message).toContain("OPENROUTER_API_KEY");
    // Media chains end with an offline model, so they stay usable without keys.
    const chains = usableChains("basic", config, { OPENROUTER_API_KEY: "k" }, [
      "text",
      "image",
      "speech",
    ]);
    expect(chains.image).toEqual(["local:storyboard"]);
    expect(chains.text[0]).toBe("openrouter:deepseek/deepseek-chat");
    expect(usableChains("local", config, {}, ["text", "image"]).text).toEqual([]);
  });

  it("config overrides a tier's chain per modality", async () => {
    const config = (await loaded()).config;
    const custom = { ...config, tiers: { basic: { text: ["openai:gpt-4o-mini"] } } };
    expect(chainFor("basic", "text", custom)).toEqual(["openai:gpt-4o-mini"]);
    expect(chainFor("basic", "image", custom)).toEqual(chainFor("basic", "image", config));
  });
});
