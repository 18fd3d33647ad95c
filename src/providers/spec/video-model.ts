import type { ImageInput } from "./image-model.js";
import type { JobStart, MediaModelBase } from "./media-job.js";
import type { CallOptionsBase, ModelBase } from "./shared.js";

export interface VideoCallOptions extends CallOptionsBase {
  prompt: string;
  negativePrompt?: string;
  /** Image-to-video: the still the clip starts from. */
  initImage: ImageInput;
  durationSeconds: number;
  width: number;
  height: number;
  fps?: number;
  seed?: number;
}

export interface VideoModel extends ModelBase, MediaModelBase {
  readonly modality: "video";
  doStart(options: VideoCallOptions): Promise<JobStart>;
}
