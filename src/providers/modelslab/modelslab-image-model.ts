import { dropCredentialHeaders } from "../http-helpers.js";
import type { ImageCallOptions, ImageModel } from "../spec/image-model.js";
import type { JobHandle, JobStart, JobStatus } from "../spec/media-job.js";
import { SPECIFICATION_VERSION, type Warning } from "../spec/shared.js";
import type { ModelsLabImageBody } from "./modelslab-api-types.js";
import type { ModelsLabModelConfig } from "./modelslab-config.js";
import { aspectRatioOf, fitSize } from "./modelslab-dimensions.js";
import { postJson } from "./modelslab-http.js";
import { resolveInitImage } from "./modelslab-init-image.js";
import { type JobContext, pollJob, startFromReply } from "./modelslab-job.js";

/**
 * Text-to-image and image-to-image over ModelsLab v7. Images are often finished in the
 * generate reply; otherwise `doStart` hands back a job to poll with `doStatus`.
 */
export class ModelsLabImageModel implements ImageModel {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly modality = "image" as const;
  readonly provider = "modelslab";

  constructor(
    readonly modelId: string,
    private readonly config: ModelsLabModelConfig,
  ) {}

  async doStart(options: ImageCallOptions): Promise<JobStart> {
    const warnings: Warning[] = [];
    const size = fitSize(options.width, options.height);
    if (size.changed) {
      warnings.push({
        type: "unsupported-setting",
        setting: "size",
        message: `ModelsLab takes 256–1024 px sides divisible by 8; asked ${options.width}×${options.height}, sent ${size.width}×${size.height}`,
      });
    }
    const body: ModelsLabImageBody = {
      key: this.config.apiKey(),
      model_id: this.modelId,
      prompt: options.prompt,
      ...(options.negativePrompt ? { negative_prompt: options.negativePrompt } : {}),
      width: String(size.width),
      height: String(size.height),
      aspect_ratio: aspectRatioOf(options.width, options.height),
      samples: "1",
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    };
    let endpoint = "text-to-image";
    if (options.initImage) {
      const init = await resolveInitImage(
        options.initImage,
        this.config.base64InitImages,
        this.modelId,
      );
      if (init.kind === "unsupported") {
        warnings.push({
          type: "unsupported-setting",
          setting: "initImage",
          message: `${init.reason}; generated from the prompt alone (text-to-image)`,
        });
      } else {
        endpoint = "image-to-image";
        body.model_id = this.config.imageToImageModelIds[this.modelId] ?? this.modelId;
        body.init_image = init.value;
        if (init.kind === "base64") body.base64 = true;
        if (options.strength !== undefined) body.strength = options.strength;
      }
    } else if (options.strength !== undefined) {
      warnings.push({
        type: "unsupported-setting",
        setting: "strength",
        message: "strength applies to image-to-image only; ignored without an initImage",
      });
    }
    const reply = await postJson(
      this.config.http,
      `${this.config.baseURL}/v7/images/${endpoint}`,
      { ...body },
      {
        modelId: this.modelId,
        ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
        ...(options.headers ? { headers: dropCredentialHeaders(options.headers, warnings) } : {}),
      },
    );
    return startFromReply(this.context(body.model_id, warnings), reply, undefined);
  }

  async doStatus(handle: JobHandle, options?: { abortSignal?: AbortSignal }): Promise<JobStatus> {
    return pollJob(
      this.context(handle.modelId, []),
      handle,
      `${this.config.baseURL}/v7/images/fetch/${encodeURIComponent(handle.jobId)}`,
      this.config.apiKey(),
      options?.abortSignal,
    );
  }

  private context(modelId: string, warnings: Warning[]): JobContext {
    return {
      http: this.config.http,
      baseURL: this.config.baseURL,
      modelId,
      usage: (outputs) => ({ images: outputs.length }),
      warnings,
    };
  }
}
