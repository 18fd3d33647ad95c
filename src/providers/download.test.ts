import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, sendJson, startEmulator } from "../../test/emulators/harness.js";
import { tinyMp4, tinyPng } from "../../test/emulators/modelslab-media.js";
import { ArtifactStore } from "../store/artifacts.js";
import { openStore } from "../store/db.js";
import { downloadOutputs } from "./download.js";
import { isProviderError, type ProviderError } from "./provider-error.js";

/** A CDN stand-in: files under odd content types, redirects, an expired link. */
let cdn: Emulator;
let home: string;
let store: ArtifactStore;
const limits = {
  timeoutMs: 5_000,
  maxBytes: 100_000,
  provider: "modelslab",
  modelId: "seedream-4",
};

beforeAll(async () => {
  const mp4 = await tinyMp4();
  const send =
    (body: Buffer | string, type: string) =>
    (_request: unknown, response: import("node:http").ServerResponse) => {
      response.writeHead(200, { "content-type": type, "content-length": Buffer.byteLength(body) });
      response.end(body);
    };
  cdn = await startEmulator({
    errorBody: (_status, message) => ({ message }),
    routes: [
      {
        method: "GET",
        match: /^\/octet\.png$/,
        handle: send(tinyPng(1), "application/octet-stream"),
      },
      { method: "GET", match: /^\/clip$/, handle: send(mp4, "binary/octet-stream") },
      { method: "GET", match: /^\/page$/, handle: send("<html>sign in</html>", "text/html") },
      {
        method: "GET",
        match: /^\/lying\.png$/,
        handle: send("<html>not a png</html>", "image/png"),
      },
      { method: "GET", match: /^\/big\.png$/, handle: send(Buffer.alloc(200_000, 1), "image/png") },
      {
        method: "GET",
        match: /^\/expired\.png$/,
        handle: (_request, response) => sendJson(response, 403, {}),
      },
      {
        method: "GET",
        match: /^\/moved$/,
        handle: (_request, response) => {
          response.writeHead(302, { location: "/octet.png" });
          response.end();
        },
      },
    ],
  });
  home = mkdtempSync(join(tmpdir(), "litink-download-"));
  store = new ArtifactStore(await openStore(home), home);
});
afterAll(async () => {
  await cdn.close();
  rmSync(home, { recursive: true, force: true });
});

async function failure(urls: string[]): Promise<ProviderError> {
  const error = await downloadOutputs(
    urls.map((url) => ({ url: `${cdn.url}${url}` })),
    store,
    limits,
  ).catch((caught: unknown) => caught);
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe("downloadOutputs", () => {
  it("guesses PNG and MP4 from their bytes when the CDN says octet-stream, following redirects", async () => {
    const artifacts = await downloadOutputs(
      [
        { url: `${cdn.url}/octet.png?token=abc` },
        { url: `${cdn.url}/clip` },
        { url: `${cdn.url}/moved` },
      ],
      store,
      { ...limits, maxBytes: 5_000_000 },
    );
    expect(artifacts.map((artifact) => artifact.mediaType)).toEqual([
      "image/png",
      "video/mp4",
      "image/png",
    ]);
    expect(artifacts[0]?.hash).toBe(artifacts[2]?.hash);
    expect(cdn.count("/octet.png")).toBe(2);
  });

  it("stores inline bytes and data: URLs without any request", async () => {
    const before = cdn.requests.length;
    const png = tinyPng(2);
    const artifacts = await downloadOutputs(
      [{ data: png }, { url: `data:image/png;base64,${png.toString("base64")}` }],
      store,
      limits,
    );
    expect(artifacts.map((artifact) => artifact.mediaType)).toEqual(["image/png", "image/png"]);
    expect(cdn.requests.length).toBe(before);
  });

  it("refuses pages that are not media, even when labelled image/png", async () => {
    expect((await failure(["/page"])).failure).toBe("malformed");
    expect((await failure(["/lying.png"])).failure).toBe("malformed");
  });

  it("refuses files over maxBytes", async () => {
    const error = await failure(["/big.png"]);
    expect(error.failure).toBe("bad-request");
    expect(error.message).toContain("larger than 100000 bytes");
  });

  it("reports an expired link without its query string", async () => {
    const error = await failure(["/expired.png?signature=s3cr3t"]);
    expect(error.failure).toBe("bad-request");
    expect(error.status).toBe(403);
    expect(error.message).not.toContain("s3cr3t");
  });
});
