import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { startEmulator } from "../../test/emulators/harness.js";
import { tinyPng } from "../../test/emulators/modelslab-media.js";
import { ArtifactStore } from "../store/artifacts.js";
import { openStore } from "../store/db.js";
import { downloadOutputs } from "./download.js";

// Its own file (own process): global fetch must run before npm undici is first used here.
const cdn = await startEmulator({
  errorBody: (_status, message) => ({ message }),
  routes: [
    {
      method: "GET",
      match: /^\/still\.png$/,
      handle: (_request, response) => {
        const body = tinyPng(2);
        response.writeHead(200, { "content-type": "image/png", "content-length": body.length });
        response.end(body);
      },
    },
  ],
});
afterAll(() => cdn.close());

it("downloads after global fetch has claimed the global dispatcher (Node's bundled undici)", async () => {
  await (await fetch(`${cdn.url}/still.png`)).arrayBuffer();
  const home = mkdtempSync(join(tmpdir(), "litink-download-"));
  const store = new ArtifactStore(await openStore(home), home);
  const limits = { timeoutMs: 5_000, maxBytes: 100_000, provider: "modelslab", modelId: "x" };
  const [artifact] = await downloadOutputs([{ url: `${cdn.url}/still.png` }], store, limits);
  expect(artifact?.mediaType).toBe("image/png");
});
