import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../test/support/cli.js";
import { createLocal } from "./local-provider.js";

describe("createLocal", () => {
  it("offers the storyboard, espeak and ken-burns models under the local provider", () => {
    const local = createLocal();
    const models = [local.image("storyboard"), local.speech("espeak"), local.video("ken-burns")];
    expect(models.map((model) => `${model.provider}:${model.modelId}`)).toEqual([
      "local:storyboard",
      "local:espeak",
      "local:ken-burns",
    ]);
    expect(models.map((model) => model.modality)).toEqual(["image", "speech", "video"]);
    expect(models.every((model) => model.specificationVersion === "v1")).toBe(true);
  });

  it("names an unknown model id", () => {
    expect(() => createLocal().image("sdxl" as "storyboard")).toThrow(/no image model "sdxl"/);
  });

  it("loads neither canvas nor eSpeak until a model is used", () => {
    const script = `
      const { createLocal } = await import("./src/providers/local/local-provider.ts");
      createLocal().image("storyboard");
      const { createRequire } = await import("node:module");
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify(loaded.filter((path) => /napi-rs|espeak-ng-emscripten/.test(path))));
    `;
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        cwd: repoRoot,
        encoding: "utf8",
      },
    );
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it("speaks through the compiled worker too (dist/, as installed)", () => {
    const worker = `${repoRoot}/dist/providers/local/espeak-worker.js`;
    const result = spawnSync(process.execPath, [worker], {
      input: JSON.stringify({ text: "Hello there.", voice: "en+m1", rate: 175, pitch: 45 }),
    });
    expect(result.status, result.stderr.toString()).toBe(0);
    const newline = result.stdout.indexOf(0x0a);
    const header = JSON.parse(result.stdout.subarray(0, newline).toString("utf8"));
    expect(header.sampleRate).toBe(22050);
    expect(header.events.filter((event: { type: string }) => event.type === "word")).toHaveLength(
      2,
    );
    expect(result.stdout.byteLength - newline - 1).toBeGreaterThan(10_000);
  });
});
