import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type CallLog, fakeImage, fakeVideo } from "../../../test/providers/support/fake-models.js";
import {
  type EventLog,
  type TempStore,
  useMiddlewareState,
} from "../../../test/providers/support/temp-store.js";
import { defaultPrices } from "../../config/defaults.js";
import { usageRows } from "../../ledger/usage.js";
import type { Artifact } from "../../store/artifacts.js";
import { isProviderError } from "../provider-error.js";
import type { ImageModel, JobStart, JobStatus, VideoModel } from "../spec/index.js";
import { resilientChain } from "./index.js";
import { DEFAULT_POLL, pollDelay, runJob } from "./jobs.js";
import { withMetering } from "./metering.js";
import { wrapModel } from "./model-proxy.js";

let store: TempStore;
let log: CallLog;
let events: EventLog;

useMiddlewareState((fresh) => ({ store, log, events } = fresh));

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

  it("saves an image that finished at once without a handle, and never pays for it again", async () => {
    const fake = fakeImage("modelslab:seedream-4", log);
    fake.control.async = false;
    fake.control.usage = { images: 1 };
    const metered = withMetering(withoutHandle(fake), {
      db: store.db,
      prices: defaultPrices,
      runId: "run-1",
    });
    const first = await runJob(metered, picture, { db: store.db, key: "shot-7" });
    expect(jobRow("shot-7")?.state).toBe("succeeded");
    const second = await runJob(metered, picture, { db: store.db, key: "shot-7" });
    expect(second.resumed).toBe(true);
    expect(second.outputs.map((output) => output.url)).toEqual(
      first.outputs.map((output) => output.url),
    );
    expect(log.count(undefined, "doStart")).toBe(1);
    expect(log.count(undefined, "doStatus")).toBe(0);
    expect(usageRows(store.db, { runId: "run-1" })).toHaveLength(1);
  });

  it("keeps an immediate image's links when its download fails, and downloads them on retry", async () => {
    const fake = fakeImage("modelslab:seedream-4", log);
    fake.control.async = false;
    const inline = wrapModel(withoutHandle(fake), async (_method, args, next) => {
      const start = (await next(args)) as JobStart;
      return start.state === "succeeded" ? { ...start, outputs: [{ url: PNG_URL }] } : start;
    });
    const sink = memorySink();
    sink.failNext = true;
    const job = { db: store.db, key: "shot-8", artifacts: sink };
    const failed = await runJob(inline, picture, job).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    const row = store.db.prepare("SELECT state, result FROM jobs WHERE key = 'shot-8'").get() as {
      state: string;
      result: string;
    };
    expect(row.state).toBe("succeeded");
    expect(JSON.parse(row.result).outputs).toEqual([{ url: PNG_URL }]);

    const retried = await runJob(inline, picture, job);
    expect(retried.artifacts).toHaveLength(1);
    expect(log.count(undefined, "doStart")).toBe(1);
    // A third run finds the artifact and downloads nothing.
    const puts = sink.puts;
    const third = await runJob(inline, picture, job);
    expect(third.artifacts?.[0]?.hash).toBe(retried.artifacts?.[0]?.hash);
    expect(sink.puts).toBe(puts);
    expect(log.count(undefined, "doStart")).toBe(1);
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

describe("the poll schedule", () => {
  it("starts short and backs off ×1.5 to a 2 s cap", () => {
    const waits = Array.from({ length: 8 }, (_, attempt) => pollDelay(DEFAULT_POLL, attempt));
    expect(waits).toEqual([250, 375, 563, 844, 1266, 1898, 2000, 2000]);
  });

  it("waits for the provider's eta, but never past the cap nor below the backoff", () => {
    expect(pollDelay(DEFAULT_POLL, 0, 1.2)).toBe(1200);
    expect(pollDelay(DEFAULT_POLL, 0, 7)).toBe(2000);
    expect(pollDelay(DEFAULT_POLL, 4, 0.1)).toBe(1266);
    expect(pollDelay(DEFAULT_POLL, 0, Number.NaN)).toBe(250);
  });

  it("a fresh job waits for the submission's eta, then each reply's eta or the backoff", async () => {
    const fake = withEta(fakeVideo("modelslab:seedance-i2v", log), 1, 0.5);
    fake.control.pollsBeforeReady = 3;
    const steps: string[] = [];
    const watched = wrapModel(fake, (method, args, next) => {
      if (method === "doStatus") steps.push("poll");
      return next(args);
    });
    const sleep = async (ms: number) => {
      steps.push(`wait ${ms}`);
    };
    await runJob(watched, clip, { db: store.db, key: "shot-7", sleep });
    expect(steps).toEqual([
      "wait 1000",
      "poll",
      "wait 500",
      "poll",
      "wait 563",
      "poll",
      "wait 844",
      "poll",
    ]);
    expect(log.count(undefined, "doStart")).toBe(1);
  });

  it("a job an earlier run started is polled at once and never submitted again", async () => {
    const fake = withEta(fakeVideo("modelslab:seedance-i2v", log), 30, 30);
    fake.control.pollsBeforeReady = Number.POSITIVE_INFINITY;
    const instant = async () => {};
    const options = { db: store.db, key: "shot-8", sleep: instant, timeoutMs: 0 };
    const first = await runJob(fake, clip, options).catch((error: unknown) => error);
    expect(isProviderError(first) && first.failure).toBe("timeout");
    fake.control.pollsBeforeReady = 0;
    const steps: string[] = [];
    const sleep = async (ms: number) => {
      steps.push(`wait ${ms}`);
    };
    const watched = wrapModel(fake, (method, args, next) => {
      steps.push(method);
      return next(args);
    });
    const second = await runJob(watched, clip, { ...options, sleep, timeoutMs: 60_000 });
    expect(second.resumed).toBe(true);
    expect(steps).toEqual(["doStatus"]);
    expect(log.count(undefined, "doStart")).toBe(1);
  });
});

/** A video model whose job replies carry ModelsLab's `eta` (seconds). */
function withEta(model: ReturnType<typeof fakeVideo>, atStart: number, whileProcessing: number) {
  const wrapped: VideoModel = wrapModel(model, async (method, args, next) => {
    const reply = await next(args);
    if (method === "doStart") {
      const start = reply as JobStart;
      return start.state === "started"
        ? { ...start, handle: { ...start.handle, etaSeconds: atStart } }
        : start;
    }
    const status = reply as JobStatus;
    return status.state === "processing" ? { ...status, etaSeconds: whileProcessing } : status;
  });
  return Object.assign(wrapped, { control: model.control });
}

/** A model whose immediate results carry no job handle (as some image providers answer). */
function withoutHandle(model: ImageModel): ImageModel {
  return wrapModel(model, async (_method, args, next) => {
    const start = (await next(args)) as JobStart;
    if (start.state !== "succeeded") return start;
    const { handle: _handle, ...rest } = start;
    return rest;
  });
}

/** A one-pixel-ish PNG: the signature is what the download sniffs. */
const PNG_URL = `data:image/png;base64,${Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]).toString("base64")}`;

function memorySink() {
  const artifacts = new Map<string, Artifact>();
  const sink = {
    failNext: false,
    puts: 0,
    async put(data: Uint8Array, mediaType: string): Promise<Artifact> {
      if (sink.failNext) {
        sink.failNext = false;
        throw new Error("disk is full");
      }
      sink.puts++;
      const hash = createHash("sha256").update(data).digest("hex");
      const artifact = { hash, path: `/tmp/${hash}`, mediaType, bytes: data.length };
      artifacts.set(hash, artifact);
      return artifact;
    },
    get: (hash: string) => artifacts.get(hash) ?? null,
  };
  return sink;
}
