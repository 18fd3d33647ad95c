import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ElevenLabsEmulator,
  startElevenLabsEmulator,
} from "../../../test/emulators/elevenlabs.js";
import {
  type ExecutorFixture,
  executorFixture,
  mediaTask,
  speechParams,
} from "../../../test/pipeline/executors/executor-context.js";
import { executorFor } from "./index.js";

const ELEVEN_KEY = "el-test-key-speech-job";
let elevenlabs: ElevenLabsEmulator;
let fixture: ExecutorFixture;

beforeAll(async () => {
  elevenlabs = await startElevenLabsEmulator({ expectedKey: ELEVEN_KEY });
});
afterAll(async () => {
  await elevenlabs.close();
});
beforeEach(async () => {
  fixture = await executorFixture({
    ELEVENLABS_API_KEY: ELEVEN_KEY,
    ELEVENLABS_BASE_URL: elevenlabs.url,
  });
});
afterEach(() => fixture.close());

const speeches = () => elevenlabs.count("/v1/text-to-speech/");
const line = (id: string, text: string) =>
  mediaTask({
    id: `speech:${id}`,
    kind: "speech",
    modality: "speech",
    chain: ["elevenlabs:eleven_flash_v2_5", "local:espeak"],
    params: speechParams(id, "21m00Tcm4TlvDq8ikWAM", text),
  });

describe("speech executor: a paid line is saved as a job", () => {
  it("a kill before the task cache's commit does not pay for the line again", async () => {
    const task = line("ch01-sc01-l01", "The keeper climbed the stairs again.");
    const before = speeches();
    const paid = await executorFor("speech")(task, new Map(), fixture.context);
    expect(speeches()).toBe(before + 1);
    const row = fixture.db
      .prepare("SELECT state, provider, model, result FROM jobs WHERE key = ?")
      .get(task.key) as { state: string; provider: string; model: string; result: string };
    expect(row).toMatchObject({
      state: "succeeded",
      provider: "elevenlabs",
      model: "eleven_flash_v2_5",
    });
    expect(JSON.parse(row.result).artifacts).toEqual([paid.output.artifacts.audio]);

    // The resumed run: nothing in the task cache (the commit never happened), same key.
    const again = await executorFor("speech")(task, new Map(), fixture.context);
    expect(speeches()).toBe(before + 1);
    expect(again.output).toEqual(paid.output);
    expect(again).toMatchObject({ provider: "elevenlabs", model: "eleven_flash_v2_5", costUsd: 0 });
  });

  it("a line a fallback made is reused by its own run only; a later run tries the primary", async () => {
    const task = line("ch01-sc01-l04", "Down the rabbit hole.");
    const before = speeches();
    await executorFor("speech")(task, new Map(), fixture.context);
    const mark = (runId: string) => {
      const row = fixture.db.prepare("SELECT result FROM jobs WHERE key = ?").get(task.key) as {
        result: string;
      };
      const result = { ...JSON.parse(row.result), fallbackFrom: "elevenlabs:primary", runId };
      fixture.db
        .prepare("UPDATE jobs SET result = ? WHERE key = ?")
        .run(JSON.stringify(result), task.key);
    };
    mark(fixture.context.runId);
    await executorFor("speech")(task, new Map(), fixture.context);
    expect(speeches()).toBe(before + 1);
    mark("r-an-earlier-run");
    await executorFor("speech")(task, new Map(), fixture.context);
    expect(speeches()).toBe(before + 2);
  });

  it("pays again when the saved file is gone, and for a different key", async () => {
    const task = line("ch01-sc01-l02", "Who goes there?");
    const before = speeches();
    const paid = await executorFor("speech")(task, new Map(), fixture.context);
    const { unlinkSync } = await import("node:fs");
    const artifact = fixture.context.artifacts.get(paid.output.artifacts.audio as string);
    unlinkSync(artifact?.path as string);
    await executorFor("speech")(task, new Map(), fixture.context);
    expect(speeches()).toBe(before + 2);
    await executorFor("speech")(
      line("ch01-sc01-l03", "Who goes there?"),
      new Map(),
      fixture.context,
    );
    expect(speeches()).toBe(before + 3);
  });
});
