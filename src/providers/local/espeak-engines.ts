import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ProviderError, type ProviderFailure } from "../provider-error.js";
import { LOCAL_PROVIDER } from "./local-shared.js";
import { runProcess } from "./run-process.js";
import { parseWav } from "./wav.js";
import type { EspeakEvent } from "./word-timings.js";

export interface SynthesisRequest {
  text: string;
  /** e.g. "es+f2". */
  voice: string;
  /** Words per minute. */
  rate: number;
  /** 0–99. */
  pitch: number;
}

export interface Synthesis {
  /** 16-bit little-endian mono PCM. */
  pcm: Uint8Array;
  sampleRate: number;
  /** Word/pause events when the engine reports them (the WASM build does, the CLI does not). */
  events?: EspeakEvent[];
}

export interface EspeakEngine {
  readonly name: "system" | "wasm";
  synthesize(request: SynthesisRequest, abortSignal?: AbortSignal): Promise<Synthesis>;
}

const MODEL_ID = "espeak";
const TIMEOUT_MS = 120_000;

function failed(failure: ProviderFailure, detail: string, cause?: unknown): ProviderError {
  return new ProviderError({ provider: LOCAL_PROVIDER, modelId: MODEL_ID, failure, detail, cause });
}

/** The `espeak-ng` program: fast, but its command line reports no word boundaries. */
export function systemEngine(espeakPath: string): EspeakEngine {
  return {
    name: "system",
    async synthesize(request, abortSignal) {
      const args = ["--stdout", "-b", "1", "-v", request.voice, "-s", String(request.rate)];
      args.push("-p", String(request.pitch), "--stdin");
      const result = await runProcess(espeakPath, args, {
        input: request.text,
        abortSignal,
        timeoutMs: TIMEOUT_MS,
      }).catch((error: unknown) => {
        throw spawnFailure(error, espeakPath);
      });
      if (result.timedOut) throw failed("timeout", `espeak-ng ran past ${TIMEOUT_MS / 1000}s`);
      if (result.exitCode !== 0 || result.stdout.byteLength <= 44)
        throw failed(
          "server",
          `espeak-ng failed (exit ${result.exitCode ?? result.signal}): ${result.stderrTail.slice(-500)}`,
        );
      const wav = parseWav(result.stdout);
      const pcm = result.stdout.subarray(wav.dataOffset, wav.dataOffset + wav.dataLength);
      return { pcm: new Uint8Array(pcm), sampleRate: wav.sampleRate };
    },
  };
}

/** eSpeak NG compiled to WebAssembly, run in a child process (see espeak-worker.ts). */
export function wasmEngine(): EspeakEngine {
  return {
    name: "wasm",
    async synthesize(request, abortSignal) {
      const result = await runProcess(process.execPath, workerArguments(), {
        input: JSON.stringify(request),
        abortSignal,
        timeoutMs: TIMEOUT_MS,
      }).catch((error: unknown) => {
        throw spawnFailure(error, "node");
      });
      if (result.timedOut)
        throw failed("timeout", `the eSpeak NG worker ran past ${TIMEOUT_MS / 1000}s`);
      if (result.exitCode !== 0)
        throw failed(
          /has no voice/.test(result.stderrTail) ? "bad-request" : "server",
          `the eSpeak NG worker failed (exit ${result.exitCode ?? result.signal}): ${result.stderrTail.slice(-500)}`,
        );
      const newline = result.stdout.indexOf(0x0a);
      if (newline < 0) throw failed("malformed", "the eSpeak NG worker returned no header");
      const header = JSON.parse(result.stdout.subarray(0, newline).toString("utf8")) as {
        sampleRate: number;
        events: EspeakEvent[];
      };
      const pcm = new Uint8Array(result.stdout.subarray(newline + 1));
      return { pcm, sampleRate: header.sampleRate, events: header.events };
    },
  };
}

export function wasmEngineAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve("@echogarden/espeak-ng-emscripten");
    return true;
  } catch {
    return false;
  }
}

/** Built: run the compiled worker. From source (tests, tsx): run the .ts through tsx. */
function workerArguments(): string[] {
  const compiled = fileURLToPath(new URL("./espeak-worker.js", import.meta.url));
  if (existsSync(compiled)) return [compiled];
  const source = fileURLToPath(new URL("./espeak-worker.ts", import.meta.url));
  const tsx = createRequire(import.meta.url).resolve("tsx");
  return ["--import", pathToFileURL(tsx).href, source];
}

function spawnFailure(error: unknown, program: string): ProviderError {
  if (error instanceof Error && error.name === "AbortError")
    return failed("aborted", "the call was cancelled", error);
  const code = (error as NodeJS.ErrnoException).code;
  return failed(
    "unavailable",
    code === "ENOENT"
      ? `${program} was not found`
      : `could not start ${program} (${code ?? "unknown error"})`,
    error,
  );
}
