import { describe, expect, it } from "vitest";
import { defaultTiers } from "../config/defaults.js";
import type { Task, TaskGraph } from "./graph.js";
import { criticalPath, planBook, projectedTails, topologicalOrder } from "./plan.js";
import { testInput } from "./plan-test-support.js";

function task(id: string, seconds: number, inputs: string[] = []): Task {
  return {
    id,
    kind: "image",
    version: 1,
    stage: "media",
    chapter: null,
    scene: null,
    modality: null,
    chain: [],
    params: {},
    inputs,
    estimate: { usd: 0, seconds },
  };
}

function graphOf(tasks: Task[]): TaskGraph {
  return {
    tasks,
    dependencies: tasks.flatMap((each) =>
      each.inputs.map((from): [string, string] => [from, each.id]),
    ),
  };
}

describe("topologicalOrder", () => {
  it("puts every task after its inputs, keeping the graph's order for ties", () => {
    const graph = graphOf([task("d", 1, ["b"]), task("b", 2, ["a"]), task("a", 1), task("e", 3)]);
    expect(topologicalOrder(graph).map((each) => each.id)).toEqual(["a", "e", "b", "d"]);
    const book = planBook(testInput());
    const known = new Set(book.tasks.map((each) => each.id));
    const seen = new Set<string>();
    for (const each of topologicalOrder(book)) {
      for (const input of each.inputs) expect(seen.has(input) || !known.has(input)).toBe(true);
      seen.add(each.id);
    }
    expect(seen.size).toBe(book.tasks.length);
    // The one input outside the graph: chapter 2's render, planned once it is adapted.
    const outside = book.tasks.flatMap((each) => each.inputs).filter((id) => !known.has(id));
    expect(outside).toEqual(["render:ch02"]);
  });

  it("throws on a cycle, naming its tasks", () => {
    const graph = graphOf([
      task("a", 1, ["c"]),
      task("b", 1, ["a"]),
      task("c", 1, ["b"]),
      task("x", 1),
    ]);
    expect(() => topologicalOrder(graph)).toThrow(/cycle through a, b, c/);
    expect(() => criticalPath(graph)).toThrow(/cycle/);
  });

  it("ignores edges to tasks outside the graph", () => {
    const graph = graphOf([task("clip", 1, ["image", "speech"]), task("image", 1)]);
    expect(topologicalOrder(graph).map((each) => each.id)).toEqual(["image", "clip"]);
  });
});

describe("criticalPath", () => {
  it("gives each task the longest run of seconds from it to a sink", () => {
    const graph = graphOf([
      task("a", 1),
      task("b", 2, ["a"]),
      task("c", 5, ["a"]),
      task("d", 1, ["b"]),
      task("e", 3),
    ]);
    expect(Object.fromEntries(criticalPath(graph))).toEqual({ a: 6, b: 3, c: 5, d: 1, e: 3 });
  });

  it("follows a planned book's chains: ingest to adapt, image to clip to render", () => {
    const book = planBook(testInput({ tier: "basic", chains: defaultTiers.basic }));
    const path = criticalPath(book);
    const seconds = (id: string) =>
      book.tasks.find((each) => each.id === id)?.estimate.seconds ?? NaN;
    const adapt = Math.max(seconds("adapt:ch01"), seconds("adapt:ch02"));
    expect(path.get("ingest")).toBeCloseTo(
      seconds("ingest") + seconds("index") + seconds("bible") + adapt,
      9,
    );
    const tail = seconds("render:ch01") + seconds("exports");
    expect(path.get("image:ch01-sc01-sh01")).toBeCloseTo(
      seconds("image:ch01-sc01-sh01") + seconds("clip:ch01-sc01-sh01") + tail,
      9,
    );
    expect(path.get("clip:ch01-sc01-sh01")).toBeCloseTo(seconds("clip:ch01-sc01-sh01") + tail, 9);
    expect(path.get("exports")).toBe(seconds("exports"));
  });

  it("adds the projected media behind an adapt task whose chapter has no screenplay yet", () => {
    const input = testInput({ screenplays: new Map() });
    const book = planBook(input);
    const tails = projectedTails(input, book);
    expect([...tails.keys()]).toEqual(["adapt:ch01", "adapt:ch02"]);
    const tail = tails.get("adapt:ch01") ?? 0;
    expect(tail).toBeGreaterThan(0);
    const adapt = book.tasks.find((each) => each.id === "adapt:ch01")?.estimate.seconds ?? 0;
    expect(criticalPath(book).get("adapt:ch01")).toBe(adapt);
    expect(criticalPath(book, tails).get("adapt:ch01")).toBeCloseTo(adapt + tail, 9);
  });
});
