import type { JobStart, MediaModelBase } from "./media-job.js";
import type { CallOptionsBase, ModelBase } from "./shared.js";

/** A local file or remote URL given as a reference image (character consistency, img2img). */
export interface ImageInput {
  /** A public URL (ModelsLab fetches it) or a local path (sent as base64 where supported). */
  url?: string;
  path?: string;
}

export interface ImageCallOptions extends CallOptionsBase {
  prompt: string;
  negativePrompt?: string;
  width: number;
  height: number;
  seed?: number;
  /** image-to-image: the reference and how far to move from it (0–1). */
  initImage?: ImageInput;
  strength?: number;
  /** Local drawing models use these to lay out a storyboard frame. */
  frame?: {
    heading?: string;
    description?: string;
    characters?: Array<{ id: string; name: string }>;
    caption?: string;
  };
}

export interface ImageModel extends ModelBase, MediaModelBase {
  readonly modality: "image";
  doStart(options: ImageCallOptions): Promise<JobStart>;
}
