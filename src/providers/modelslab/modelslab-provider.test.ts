import { describe, expect, it } from "vitest";
import { aspectRatioOf, fitSize, resolutionOf } from "./modelslab-dimensions.js";
import { failureFromMessage } from "./modelslab-error.js";
import { modelsLabFromEnv } from "./modelslab-provider.js";

describe("modelsLabFromEnv", () => {
  it("is null without a key and builds image and video models with one", () => {
    expect(modelsLabFromEnv({})).toBeNull();
    expect(modelsLabFromEnv({ MODELSLAB_API_KEY: "  " })).toBeNull();
    const provider = modelsLabFromEnv({ MODELSLAB_API_KEY: "k-123" });
    expect(provider?.image("seedream-4")).toMatchObject({
      specificationVersion: "v1",
      modality: "image",
      provider: "modelslab",
      modelId: "seedream-4",
    });
    expect(provider?.video("veo2").modality).toBe("video");
  });
});

describe("v7 sizes", () => {
  it("derives aspect ratios, snapping odd frames to the nearest known one", () => {
    expect(aspectRatioOf(1280, 720)).toBe("16:9");
    expect(aspectRatioOf(720, 1280)).toBe("9:16");
    expect(aspectRatioOf(1080, 1080)).toBe("1:1");
    expect(aspectRatioOf(1000, 740)).toBe("4:3");
  });

  it("fits frames into 256–1024 px on an 8 px grid and says when it changed them", () => {
    expect(fitSize(1024, 576)).toEqual({ width: 1024, height: 576, changed: false });
    expect(fitSize(1920, 1080)).toEqual({ width: 1024, height: 576, changed: true });
    expect(fitSize(100, 100)).toEqual({ width: 256, height: 256, changed: true });
    expect(resolutionOf(1280, 720)).toBe("720p");
    expect(resolutionOf(1000, 700)).toBeUndefined();
  });
});

describe("error messages with HTTP 200", () => {
  it("classifies the documented messages", () => {
    expect(failureFromMessage("Invalid API key")).toBe("auth");
    expect(failureFromMessage("Insufficient credits. Please add more credits to continue.")).toBe(
      "payment",
    );
    expect(failureFromMessage("Rate limit exceeded. Maximum 5 queued requests allowed.")).toBe(
      "rate-limit",
    );
    expect(failureFromMessage("Model not found: flux-x")).toBe("bad-request");
    expect(failureFromMessage("Server busy, please try again later")).toBe("unavailable");
  });
});
