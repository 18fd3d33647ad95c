import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { locateTool } from "../../system/executables.js";
import { ProviderError, type ProviderFailure } from "../provider-error.js";
import type {
  JobHandle,
  JobStart,
  JobStatus,
  VideoCallOptions,
  VideoModel,
  Warning,
} from "../spec/index.js";
import { SPECIFICATION_VERSION } from "../spec/index.js";
import { chooseMotion, kenBurnsArguments } from "./ken-burns-motion.js";
import { abortedError, isAbortError, LOCAL_PROVIDER, nothingToPoll } from "./local-shared.js";
import { runProcess } from "./run-process.js";

const DEFAULT_FPS = 25;
const MAX_SECONDS = 600;
const TIMEOUT_MS = 10 * 60_000;

/**
 * Ken Burns motion from a still with ffmpeg: a slow zoom or pan, H.264/yuv420p at the exact
 * size and duration asked for. The move follows the prompt ("pan left") or the seed.
 */
export class KenBurnsVideoModel implements VideoModel {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly modality = "video" as const;
  readonly provider = LOCAL_PROVIDER;
  readonly modelId = "ken-burns";

  constructor(private readonly settings: { ffmpegPath?: string } = {}) {}

  async doStart(options: VideoCallOptions): Promise<JobStart> {
    if (options.abortSignal?.aborted) throw abortedError(this.modelId);
    const warnings: Warning[] = [];
    const inputPath = this.localPath(options);
    const fps = options.fps ?? DEFAULT_FPS;
    if (!(fps > 0 && fps <= 120)) throw this.failure("bad-request", `fps ${fps} is outside 1–120`);
    if (!(options.durationSeconds > 0 && options.durationSeconds <= MAX_SECONDS))
      throw this.failure(
        "bad-request",
        `duration ${options.durationSeconds}s is outside 0–${MAX_SECONDS}s`,
      );
    // yuv420p needs even sides; a one-pixel trim beats a failed render.
    const width = evenSide(options.width);
    const height = evenSide(options.height);
    if (width < 16 || height < 16)
      throw this.failure(
        "bad-request",
        `frame size ${options.width}×${options.height} is too small`,
      );
    if (width !== options.width || height !== options.height)
      warnings.push({
        type: "unsupported-setting",
        setting: "width/height",
        message: `H.264 in yuv420p needs even sides; rendering ${width}×${height} instead of ${options.width}×${options.height}`,
      });
    if (options.negativePrompt !== undefined)
      warnings.push({
        type: "unsupported-setting",
        setting: "negativePrompt",
        message: "Ken Burns motion moves over the still and ignores negativePrompt",
      });
    const frames = Math.max(1, Math.round(options.durationSeconds * fps));
    const motion = chooseMotion(options.prompt, options.seed);
    const folder = await mkdtemp(join(tmpdir(), "litink-ken-burns-"));
    try {
      const outputPath = join(folder, "clip.mp4");
      const args = kenBurnsArguments({ inputPath, outputPath, width, height, fps, frames, motion });
      const ffmpeg = this.settings.ffmpegPath ?? locateTool("ffmpeg")?.path ?? "ffmpeg";
      const result = await runProcess(ffmpeg, args, {
        abortSignal: options.abortSignal,
        timeoutMs: TIMEOUT_MS,
        cpuBound: true,
      }).catch((error: unknown) => {
        if (isAbortError(error)) throw abortedError(this.modelId);
        const code = (error as NodeJS.ErrnoException).code;
        throw this.failure(
          "unavailable",
          code === "ENOENT"
            ? `ffmpeg was not found (${ffmpeg}); install ffmpeg or set LITINK_FFMPEG`
            : `could not start ffmpeg (${code ?? "unknown error"})`,
          error,
        );
      });
      if (result.timedOut) throw this.failure("timeout", `ffmpeg ran past ${TIMEOUT_MS / 1000}s`);
      if (result.exitCode !== 0)
        throw this.failure(
          "server",
          `ffmpeg failed (exit ${result.exitCode ?? result.signal}): ${result.stderrTail.slice(-1500)}`,
        );
      const data = new Uint8Array(await readFile(outputPath));
      return {
        state: "succeeded",
        outputs: [{ data, mediaType: "video/mp4" }],
        usage: { videoSeconds: frames / fps },
        warnings,
        response: { modelId: this.modelId, timestamp: new Date() },
      };
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  async doStatus(handle: JobHandle): Promise<JobStatus> {
    return nothingToPoll(handle);
  }

  /** The still as a local file; this model never downloads. */
  private localPath(options: VideoCallOptions): string {
    const { path, url } = options.initImage;
    const local = path ?? (url?.startsWith("file:") ? fileURLToPath(url) : undefined);
    if (!local)
      throw this.failure(
        "bad-request",
        "Ken Burns motion needs initImage.path (a local still); it does not download URLs",
      );
    if (!existsSync(local)) throw this.failure("bad-request", `the still ${local} does not exist`);
    return local;
  }

  private failure(failure: ProviderFailure, detail: string, cause?: unknown): ProviderError {
    return new ProviderError({
      provider: this.provider,
      modelId: this.modelId,
      failure,
      detail,
      cause,
    });
  }
}

function evenSide(value: number): number {
  return Math.floor(Math.round(value) / 2) * 2;
}
