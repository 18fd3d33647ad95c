import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CallLog, fakeImage, fakeVideo } from "../../../test/providers/support/fake-models.js";
import { EventLog, type TempStore, tempStore } from "../../../test/providers/support/temp-store.js";
import { defaultPrices } from "../../config/defaults.js";
import { usageRows } from "../../ledger/usage.js";
import { isProviderError } from "../provider-error.js";
import { resilientChain } from "./index.js";
import { runJob } from "./jobs.js";
import { withMetering } from "./metering.js";
import { wrapModel } from "./model-proxy.js";

let store: TempStore;
let log: CallLog;
let events: EventLog;

beforeEach(async () => {
  store = await tempStore();
  log = new CallLog();
  events = new EventLog();
});
afterEach(() => store.close());

const picture = { prompt: "a lighthouse at dusk", width: 512, height: 512 };
const clip = { ...picture, initImage: { url: "https://cdn.test/still.png" }, durationSeconds: 5 };

function jobRow(key: string) {
  return store.db.prepare("SELECT state, handle FROM jobs WHERE key = ?").get(key) as
    | { state: string; handle: string }
    | undefined;
}

describe("runJob", () => {
  it("polls a timed-out job again on the next run instead of re-submitting it", async () => {
    const fake = fakeVideo("modelslab:seedance-i2v", log);
    fake.control.pollsBeforeReady = Number.POSITIVE_INFINITY;
    const first = await runJob(fake, clip, {
      db: store.db,
      key: "shot-1",
      pollIntervalMs: 5,
      timeoutMs: 40,
    }).catch((error: unknown) => error);
    expect(isProviderError(first) && first.failure).toBe("timeout");
    expect(jobRow("shot-1")?.state).toBe("processing");
    const pollsBefore = log.count(undefined, "doStatus");
    expect(pollsBefore).toBeGreaterThan(1);

    fake.control.pollsBeforeReady = 0;
    // A new "process": another connection, the same key.
    const other = await store.connect();
    const second = await runJob(fake, clip, {
      db: other,
      key: "shot-1",
      pollIntervalMs: 5,
      events,
    });
    expect(second.resumed).toBe(true);
    expect(second.outputs[0]?.url).toContain("seedance-i2v-job-1");
    expect(log.count(undefined, "doStart")).toBe(1);
    expect(log.count(undefined, "doStatus")).toBe(pollsBefore + 1);
    expect(jobRow("shot-1")?.state).toBe("succeeded");
    expect(events.ofType("job-resume")).toHaveLength(1);
  });

  it("saves the handle before the first poll", async () => {
    const fake = fakeImage("modelslab:seedream-4", log);
    const seen: Array<string | undefined> = [];
    const watched = wrapModel(fake, (method, args, next) => {
      if (method === "doStatus") seen.push(jobRow("shot-2")?.state);
      return next(args);
    });
    await runJob(watched, picture, { db: store.db, key: "shot-2", pollIntervalMs: 1 });
    expect(seen).toEqual(["processing"]);
    expect(JSON.parse(jobRow("shot-2")!.handle)).toMatchObject({ jobId: "seedream-4-job-1" });
  });

  it("returns at once when the provider finishes synchronously", async () => {
    const fake = fakeImage("modelslab:seedream-4", log);
    fake.control.async = false;
    const result = await runJob(fake, picture, { db: store.db, key: "shot-3" });
    expect(result.outputs).toHaveLength(1);
    expect(log.count(undefined, "doStatus")).toBe(0);
    expect(jobRow("shot-3")?.state).toBe("succeeded");
  });

  it("starts a job afresh when the saved one failed at the provider", async () => {
    const fake = fakeImage("modelslab:seedream-4", log);
    const poll = fake.control.poll.bind(fake.control);
    fake.control.poll = () => ({
      state: "failed",
      message: "NSFW content detected",
      retryable: false,
    });
    const failed = await runJob(fake, picture, {
      db: store.db,
      key: "shot-4",
      pollIntervalMs: 1,
    }).catch((error: unknown) => error);
    expect(isProviderError(failed) && failed.failure).toBe("bad-request");
    expect(jobRow("shot-4")?.state).toBe("failed");
    fake.control.poll = poll;
    await runJob(fake, picture, { db: store.db, key: "shot-4", pollIntervalMs: 1 });
    expect(log.count(undefined, "doStart")).toBe(2);
  });

  it("through a metered chain, bills a timed-out and resumed job exactly once", async () => {
    const fake = fakeVideo("modelslab:seedance-i2v", log);
    fake.control.pollsBeforeReady = 3;
    const chain = resilientChain([fake], { db: store.db, settings: { timeScale: 0.001 } });
    const metered = withMetering(chain, { db: store.db, prices: defaultPrices, runId: "run-1" });
    const options = { db: store.db, key: "shot-5", pollIntervalMs: 5 };
    await runJob(metered, clip, { ...options, timeoutMs: 1 }).catch(() => undefined);
    const done = await runJob(metered, clip, options);
    expect(done.resumed).toBe(true);
    const rows = usageRows(store.db, { runId: "run-1" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ model: "seedance-i2v", usd: 0.25, units: { videoSeconds: 5 } });
    expect(log.count(undefined, "doStart")).toBe(1);
  });

  it("stops polling when the caller aborts", async () => {
    const fake = fakeImage("modelslab:seedream-4", log);
    fake.control.pollsBeforeReady = Number.POSITIVE_INFINITY;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await runJob(fake, picture, {
      db: store.db,
      key: "shot-6",
      pollIntervalMs: 5,
      abortSignal: controller.signal,
    }).catch((caught: unknown) => caught);
    expect(isProviderError(error) && error.failure).toBe("aborted");
    expect(jobRow("shot-6")?.state).toBe("processing");
  });
});
