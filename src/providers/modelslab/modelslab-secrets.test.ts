import { createServer } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Fault } from "../../../test/emulators/harness.js";
import {
  type ModelsLabEmulator,
  startModelsLabEmulator,
} from "../../../test/emulators/modelslab.js";
import { createModelsLab } from "./modelslab-provider.js";

/** A key shaped like a real one, so a leak anywhere is unmistakable when searched for. */
const KEY = "mlk_SECRET_9d3f7a61c04b4e2f8e5a";
const frame = { prompt: "a harbour in fog", width: 512, height: 512 };
let emulator: ModelsLabEmulator;

beforeAll(async () => {
  emulator = await startModelsLabEmulator({ expectedKey: KEY });
});
afterAll(async () => {
  await emulator.close();
});

/** Every way an error can be printed: message, stack, JSON, inspect (hidden fields too), cause. */
function everyRendering(value: unknown): string {
  const error = value as Error & { cause?: unknown };
  return [
    String(value),
    error?.stack ?? "",
    JSON.stringify(value),
    JSON.stringify(error?.cause ?? null),
    inspect(value, { depth: 10, showHidden: true }),
    inspect(error?.cause, { depth: 10, showHidden: true }),
  ].join("\n");
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (result) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(result)}`);
    },
    (error: unknown) => error,
  );
}

const echoes: Array<[string, Fault]> = [
  [
    "401 echoing the key",
    { kind: "status", status: 401, body: { status: "error", message: `Invalid API key ${KEY}` } },
  ],
  [
    "HTTP 200 error echoing the key",
    { kind: "status", status: 200, body: { status: "error", message: `bad key=${KEY}` } },
  ],
  [
    "legacy messege echoing the key",
    { kind: "status", status: 400, body: { status: "error", messege: { key: [KEY] } } },
  ],
  [
    "429 echoing the key",
    {
      kind: "status",
      status: 429,
      retryAfterSeconds: 1,
      body: { status: "error", message: `queue full for ${KEY}` },
    },
  ],
  ["500 with an HTML page", { kind: "status", status: 500, body: `<pre>${KEY}</pre>` }],
  ["a malformed body holding the key", { kind: "malformed", body: `{"key":"${KEY}"` }],
  ["a reset connection", { kind: "reset" }],
];

describe("the ModelsLab key never leaks", () => {
  it.each(echoes)("through a thrown error: %s", async (_name, fault) => {
    emulator.inject({ pathIncludes: "/v7/images/text-to-image", fault });
    const model = createModelsLab({ baseURL: emulator.url, apiKey: KEY }).image("seedream-4");
    const error = await caught(model.doStart(frame));
    expect(everyRendering(error)).not.toContain(KEY);
  });

  it("through a timeout, a refused connection or a failed job", async () => {
    emulator.inject({ pathIncludes: "text-to-image", fault: { kind: "hang" } });
    const slow = createModelsLab({ baseURL: emulator.url, apiKey: KEY, fetchTimeoutMs: 200 });
    expect(everyRendering(await caught(slow.image("seedream-4").doStart(frame)))).not.toContain(
      KEY,
    );

    const closedPort = await freePort();
    const nowhere = createModelsLab({ baseURL: `http://127.0.0.1:${closedPort}/api`, apiKey: KEY });
    expect(everyRendering(await caught(nowhere.image("seedream-4").doStart(frame)))).not.toContain(
      KEY,
    );

    emulator.configure({
      processingPolls: 1,
      jobFailure: { status: "failed", message: `job for ${KEY} failed` },
    });
    const model = createModelsLab({ baseURL: emulator.url, apiKey: KEY }).image("seedream-4");
    const start = await model.doStart(frame);
    expect(JSON.stringify(start)).not.toContain(KEY);
    if (start.state !== "started") throw new Error("expected a started job");
    await model.doStatus(start.handle);
    const failed = await model.doStatus(start.handle);
    expect(failed.state).toBe("failed");
    expect(JSON.stringify(failed)).not.toContain(KEY);
    emulator.configure({ processingPolls: 0, jobFailure: undefined });
  });

  it("through the model objects themselves (logged or serialised)", () => {
    const provider = createModelsLab({ baseURL: emulator.url, apiKey: KEY });
    for (const model of [provider.image("seedream-4"), provider.video("veo2")]) {
      expect(JSON.stringify(model)).not.toContain(KEY);
      expect(inspect(model, { depth: 10 })).not.toContain(KEY);
    }
  });

  it("while it does reach the server in the JSON body (the check above can fail)", async () => {
    await createModelsLab({ baseURL: emulator.url, apiKey: KEY })
      .image("seedream-4")
      .doStart(frame);
    expect((emulator.requests.at(-1)?.json as { key?: string } | undefined)?.key).toBe(KEY);
    expect(emulator.requests.at(-1)?.headers.authorization).toBeUndefined();
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 1;
}
