export type { EmbeddingCallOptions, EmbeddingModel, EmbeddingResult } from "./embedding-model.js";
export type { ImageCallOptions, ImageInput, ImageModel } from "./image-model.js";
export type { JobHandle, JobStart, JobStatus, MediaOutput } from "./media-job.js";
export {
  type CallOptionsBase,
  type Modality,
  type ModelBase,
  type ResponseMetadata,
  type ResultBase,
  SPECIFICATION_VERSION,
  type Usage,
  type Warning,
} from "./shared.js";
export type {
  SpeechCallOptions,
  SpeechModel,
  SpeechResult,
  Voice,
  VoiceSettings,
  WordTiming,
} from "./speech-model.js";
export type {
  FinishReason,
  TextCallOptions,
  TextMessage,
  TextModel,
  TextResult,
} from "./text-model.js";
export type { VideoCallOptions, VideoModel } from "./video-model.js";

import type { EmbeddingModel } from "./embedding-model.js";
import type { ImageModel } from "./image-model.js";
import type { SpeechModel } from "./speech-model.js";
import type { TextModel } from "./text-model.js";
import type { VideoModel } from "./video-model.js";

export type AnyModel = TextModel | EmbeddingModel | ImageModel | VideoModel | SpeechModel;
export interface ModelsByModality {
  text: TextModel;
  embedding: EmbeddingModel;
  image: ImageModel;
  video: VideoModel;
  speech: SpeechModel;
}
