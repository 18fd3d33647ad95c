import { dropCredentialHeaders } from "../http-helpers.js";
import { ProviderError } from "../provider-error.js";
import type { JobHandle, JobStart, JobStatus } from "../spec/media-job.js";
import { SPECIFICATION_VERSION, type Usage, type Warning } from "../spec/shared.js";
import type { VideoCallOptions, VideoModel } from "../spec/video-model.js";
import type { ModelsLabVideoBody } from "./modelslab-api-types.js";
import type { ModelsLabModelConfig } from "./modelslab-config.js";
import { aspectRatioOf, resolutionOf } from "./modelslab-dimensions.js";
import { postJson } from "./modelslab-http.js";
import { resolveInitImage } from "./modelslab-init-image.js";
import {
  type JobContext,
  type ModelsLabJobHandle,
  pollJob,
  startFromReply,
} from "./modelslab-job.js";

/**
 * Image-to-video over ModelsLab v7 (`video-fusion`). Video takes minutes, so `doStart`
 * normally returns a handle; the requested seconds ride in it because the fetch reply does
 * not repeat them and the ledger bills by them.
 */
export class ModelsLabVideoModel implements VideoModel {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly modality = "video" as const;
  readonly provider = "modelslab";

  constructor(
    readonly modelId: string,
    private readonly config: ModelsLabModelConfig,
  ) {}

  async doStart(options: VideoCallOptions): Promise<JobStart> {
    const warnings: Warning[] = [];
    const init = await resolveInitImage(
      options.initImage,
      this.config.base64InitImages,
      this.modelId,
    );
    if (init.kind === "unsupported") {
      // Without its still there is no image-to-video; fail so the chain moves on.
      throw new ProviderError({
        provider: "modelslab",
        modelId: this.modelId,
        failure: "bad-request",
        detail: `image-to-video needs its start frame as init_image: ${init.reason}`,
      });
    }
    const seconds = Math.max(1, Math.round(options.durationSeconds));
    if (seconds !== options.durationSeconds) {
      warnings.push({
        type: "unsupported-setting",
        setting: "durationSeconds",
        message: `ModelsLab takes whole seconds; asked ${options.durationSeconds}, sent ${seconds}`,
      });
    }
    const resolution = resolutionOf(options.width, options.height);
    const body: ModelsLabVideoBody = {
      key: this.config.apiKey(),
      model_id: this.modelId,
      prompt: options.prompt,
      init_image: init.value,
      ...(init.kind === "base64" ? { base64: true } : {}),
      ...(options.negativePrompt ? { negative_prompt: options.negativePrompt } : {}),
      duration: String(seconds),
      aspect_ratio: aspectRatioOf(options.width, options.height),
      ...(resolution ? { resolution } : {}),
      ...(options.fps !== undefined ? { fps: options.fps } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    };
    const reply = await postJson(
      this.config.http,
      `${this.config.baseURL}/v7/video-fusion/image-to-video`,
      { ...body },
      {
        modelId: this.modelId,
        ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
        ...(options.headers ? { headers: dropCredentialHeaders(options.headers, warnings) } : {}),
      },
    );
    const usage: Usage = { videoSeconds: seconds };
    return startFromReply(this.context(usage, warnings), reply, usage);
  }

  async doStatus(handle: JobHandle, options?: { abortSignal?: AbortSignal }): Promise<JobStatus> {
    const saved = (handle as ModelsLabJobHandle).usage;
    return pollJob(
      this.context(
        saved?.videoSeconds !== undefined ? { videoSeconds: saved.videoSeconds } : {},
        [],
        handle.modelId,
      ),
      handle,
      `${this.config.baseURL}/v7/video-fusion/fetch/${encodeURIComponent(handle.jobId)}`,
      this.config.apiKey(),
      options?.abortSignal,
    );
  }

  private context(usage: Usage, warnings: Warning[], modelId = this.modelId): JobContext {
    return {
      http: this.config.http,
      baseURL: this.config.baseURL,
      modelId,
      usage: () => usage,
      warnings,
    };
  }
}
