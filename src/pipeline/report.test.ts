import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TempStore, tempStore } from "../../test/providers/support/temp-store.js";
import { buildReport } from "./report.js";
import type { TaskRecord } from "./runner-types.js";

let store: TempStore;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(() => store.close());

function record(task: string, fields: Partial<TaskRecord> = {}): TaskRecord {
  return {
    ...{ task, kind: "image", stage: "media", chapter: 1, status: "done", ms: 5, costUsd: 0 },
    ...{ provider: "modelslab", model: "seedream-t2i", key: `key-${task}`, files: [] },
    ...fields,
  };
}

describe("report.json", () => {
  it("names the tasks a fallback served, which the next run retries", () => {
    const report = buildReport(store.db, {
      ...{ book: "alice.md", runId: "r-1", tier: "basic", status: "done", exitCode: 0 },
      ...{ startedAt: new Date(), outputs: [] },
      records: [
        record("image:ch01-sc01-sh01"),
        record("image:ch01-sc01-sh02", {
          provider: "local",
          model: "storyboard",
          fallbackFrom: "modelslab:seedream-t2i",
          degraded: true,
        }),
        record("image:ch01-sc01-sh03", { status: "cached" }),
      ],
    });
    expect(report.degraded.count).toBe(1);
    expect(report.degraded.tasks).toEqual([
      { task: "image:ch01-sc01-sh02", from: "modelslab:seedream-t2i" },
    ]);
    expect(report.degraded.note).toContain("run generate again");
    expect(report.tasks).toMatchObject({ total: 3, done: 2, cached: 1 });
  });

  it("says nothing is degraded when the tier's own models served everything", () => {
    const report = buildReport(store.db, {
      ...{ book: "alice.md", runId: "r-2", tier: "basic", status: "done", exitCode: 0 },
      ...{ startedAt: new Date(), outputs: [], records: [record("speech:ch01-sc01-l01")] },
    });
    expect(report.degraded).toEqual({ count: 0, tasks: [] });
  });
});
