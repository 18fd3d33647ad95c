import type { CallOptionsBase, ModelBase, ResultBase } from "./shared.js";

export interface TextMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface TextCallOptions extends CallOptionsBase {
  messages: TextMessage[];
  temperature?: number;
  maxOutputTokens?: number;
  seed?: number;
  /**
   * Structured output: sent as `response_format: {type: "json_schema", json_schema: {name,
   * strict: true, schema}}`; the reply text is then JSON to be validated by the caller's zod schema.
   */
  responseFormat?: { type: "json"; name: string; schema: Record<string, unknown> };
}

export type FinishReason = "stop" | "length" | "content-filter" | "error" | "other";

export interface TextResult extends ResultBase {
  text: string;
  finishReason: FinishReason;
}

export interface TextModel extends ModelBase {
  readonly modality: "text";
  doGenerate(options: TextCallOptions): Promise<TextResult>;
}
