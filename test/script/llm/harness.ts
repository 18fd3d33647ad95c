import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import {
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from "../../emulators/openai-compatible.js";
import { EventLog, type TempStore, tempStore } from "../../providers/support/temp-store.js";

export interface WriterHarness {
  emulator: OpenAICompatibleEmulator;
  store: TempStore;
  events: EventLog;
  /** A fresh temp folder per test (for template overrides). */
  folder: string;
}

/**
 * One OpenRouter emulator per file, a fresh ledger store, event log and temp folder per test:
 * the setup every LLM-writer test shares. Read the fields inside tests, not at import time.
 */
export function useWriterHarness(): WriterHarness {
  const harness = {} as WriterHarness;
  beforeAll(async () => {
    harness.emulator = await startOpenAICompatibleEmulator({ dialect: "openrouter" });
  });
  afterAll(async () => {
    await harness.emulator.close();
  });
  beforeEach(async () => {
    harness.store = await tempStore();
    harness.events = new EventLog();
    harness.emulator.clearFaults();
    harness.emulator.requests.length = 0;
    harness.folder = mkdtempSync(join(tmpdir(), "litink-llm-"));
  });
  afterEach(() => {
    harness.store.close();
    rmSync(harness.folder, { recursive: true, force: true });
  });
  return harness;
}
