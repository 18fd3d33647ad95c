import { describe, expect, it } from "vitest";
import type { TaskOutput } from "./graph.js";
import { fakeTask } from "./runner-test-support.js";
import { keyChange, keyParts, sha256, stableJson, taskKey } from "./task-key.js";

const inputs = new Map<string, TaskOutput>([
  ["portrait:alice", { artifacts: { image: "ab" }, values: {}, hash: "h1" }],
]);

function partsFor(chain: string[]) {
  return keyParts(fakeTask("image:sh01", { chain, inputs: ["portrait:alice"] }), inputs);
}

describe("task keys", () => {
  it("key on the primary ref: adding or dropping a fallback link keeps the key", () => {
    const primary = taskKey(partsFor(["modelslab:flux"]));
    expect(taskKey(partsFor(["modelslab:flux", "local:storyboard"]))).toBe(primary);
    expect(taskKey(partsFor(["modelslab:flux", "openai:image", "local:storyboard"]))).toBe(primary);
    expect(taskKey(partsFor(["openai:image", "modelslab:flux"]))).not.toBe(primary);
  });

  it("a one-link chain keeps the key it had (entries cached before stay valid)", () => {
    const parts = partsFor(["local:storyboard"]);
    expect(taskKey(parts)).toBe(sha256(stableJson(parts)));
  });

  it("says the model changed only when the primary changed", () => {
    const before = partsFor(["modelslab:flux", "local:storyboard"]);
    expect(keyChange(before, partsFor(["openai:image", "local:storyboard"]))).toBe(
      "the model changed",
    );
    expect(keyChange(before, partsFor(["modelslab:flux"]))).toBe("unchanged");
    expect(keyChange(null, before)).toBe("not made before");
  });
});
