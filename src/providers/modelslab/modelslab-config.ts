import type { HttpSettings } from "./modelslab-http.js";

/** What every ModelsLab model of one provider instance shares. */
export interface ModelsLabModelConfig {
  /** e.g. https://modelslab.com/api (no trailing slash). */
  baseURL: string;
  /** A function, so logging or serialising a model object never shows the key. */
  apiKey: () => string;
  http: HttpSettings;
  base64InitImages: boolean;
  /** Chain id → the model id to send to image-to-image, where they differ. */
  imageToImageModelIds: Readonly<Record<string, string>>;
}
