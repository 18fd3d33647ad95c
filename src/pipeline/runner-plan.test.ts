import { describe, expect, it } from "vitest";
import { planBook } from "./plan.js";
import { testInput } from "./plan-test-support.js";
import { likelyCached } from "./runner-plan.js";
import { FakeCache } from "./runner-test-support.js";
import { keyParts, outputHash, taskKey } from "./task-key.js";

/** A cache that fails the test if anything marks an entry used (estimates write nothing). */
class ReadOnlyCache extends FakeCache {
  override get(): never {
    throw new Error("get() marks the entry used: an estimate must peek");
  }
}

function cachedImages(cache: FakeCache, chain?: string[]) {
  const graph = planBook(testInput());
  const images = graph.tasks.filter((task) => task.kind === "image");
  for (const task of images) {
    const parts = keyParts({ ...task, chain: chain ?? task.chain }, new Map());
    const output = { artifacts: {}, values: { made: task.id } };
    cache.commit(taskKey(parts), {
      ...{ kind: task.kind, taskId: task.id, parts },
      ...{ output: { ...output, hash: outputHash(output) }, provider: null, model: null },
      costUsd: 0,
    });
  }
  return { graph, images };
}

describe("likelyCached (the estimate's cache count)", () => {
  it("finds cached tasks without marking them used", () => {
    const cache = new ReadOnlyCache();
    const { graph, images } = cachedImages(cache);
    const found = likelyCached(graph, cache, new Set(["image"]));
    expect(images.length).toBeGreaterThan(0);
    expect([...found].sort()).toEqual(images.map((task) => task.id).sort());
  });

  it("still counts a task cached when only a fallback link of its chain changed", () => {
    const cache = new FakeCache();
    const { graph, images } = cachedImages(cache);
    const planned = images[0]?.chain ?? [];
    const withFallback = {
      ...graph,
      tasks: graph.tasks.map((task) => ({ ...task, chain: [...task.chain, "local:storyboard-2"] })),
    };
    expect(planned.length).toBeGreaterThan(0);
    const found = likelyCached(withFallback, cache, new Set(["image"]));
    expect(found.size).toBe(images.length);
  });
});
