import { ProviderError, type ProviderFailure } from "../../../src/providers/provider-error.js";
import type {
  EmbeddingModel,
  ImageModel,
  JobHandle,
  JobStatus,
  Modality,
  ResultBase,
  SpeechModel,
  TextModel,
  Usage,
  VideoModel,
} from "../../../src/providers/spec/index.js";
import { SPECIFICATION_VERSION } from "../../../src/providers/spec/index.js";

/**
 * Hand-written fake models for middleware tests. Every request that reaches a fake is written
 * to a shared log (tests count calls there, not in litink's counters), and each fake fails on
 * command: queued failures first, then a standing failure, then success.
 */
export interface LoggedCall {
  ref: string;
  method: string;
  at: number;
}

export class CallLog {
  readonly calls: LoggedCall[] = [];
  count(ref?: string, method?: string): number {
    return this.calls.filter(
      (call) =>
        (ref === undefined || call.ref === ref) && (method === undefined || call.method === method),
    ).length;
  }
}

export interface FailureSpec {
  failure: ProviderFailure;
  status?: number;
  retryAfterMs?: number;
}

export class FakeControl {
  readonly queued: FailureSpec[] = [];
  standing: FailureSpec | undefined;
  /** Billable units and provider cost each successful call reports. */
  usage: Usage = {};
  providerCostUsd: number | undefined;
  latencyMs = 0;
  /** Polls that answer `processing` before a job succeeds (Infinity: never). */
  pollsBeforeReady = 0;
  /** Random faults for soak tests: consulted after the queue, before the standing failure. */
  chaos: (() => FailureSpec | undefined) | undefined;
  /** Usage per successful call, when it should vary. */
  usageFor: (() => Usage) | undefined;
  /** doStart answers `started` (async) instead of finishing at once. */
  async = true;
  private jobs = 0;
  private readonly polls = new Map<string, number>();

  constructor(
    readonly provider: string,
    readonly modelId: string,
    private readonly log: CallLog,
  ) {}

  get ref(): string {
    return `${this.provider}:${this.modelId}`;
  }

  fail(spec: FailureSpec | ProviderFailure, times = 1): this {
    const failure = typeof spec === "string" ? { failure: spec } : spec;
    for (let index = 0; index < times; index++) this.queued.push(failure);
    return this;
  }

  failAlways(spec: FailureSpec | ProviderFailure | undefined): this {
    this.standing = typeof spec === "string" ? { failure: spec } : spec;
    return this;
  }

  /** Logs the request, waits the latency, then throws or returns. */
  async request(method: string, signal?: AbortSignal): Promise<void> {
    this.log.calls.push({ ref: this.ref, method, at: Date.now() });
    if (this.latencyMs > 0) await sleep(this.latencyMs, signal);
    if (signal?.aborted) throw this.error({ failure: "aborted" });
    const failure = this.queued.shift() ?? this.chaos?.() ?? this.standing;
    if (failure) throw this.error(failure);
  }

  error(spec: FailureSpec): ProviderError {
    return new ProviderError({
      provider: this.provider,
      modelId: this.modelId,
      failure: spec.failure,
      status: spec.status,
      retryAfterMs: spec.retryAfterMs,
      detail: `fake ${spec.failure}`,
    });
  }

  result(): ResultBase {
    return {
      usage: this.usageFor ? this.usageFor() : { ...this.usage },
      providerCostUsd: this.providerCostUsd,
      warnings: [],
      response: { modelId: this.modelId, timestamp: new Date() },
    };
  }

  newJob(): JobHandle {
    const jobId = `${this.modelId}-job-${++this.jobs}`;
    this.polls.set(jobId, 0);
    return {
      provider: this.provider,
      modelId: this.modelId,
      jobId,
      startedAt: new Date().toISOString(),
    };
  }

  poll(handle: JobHandle): JobStatus {
    const polls = (this.polls.get(handle.jobId) ?? 0) + 1;
    this.polls.set(handle.jobId, polls);
    if (polls <= this.pollsBeforeReady) return { state: "processing" };
    return {
      state: "succeeded",
      outputs: [{ url: `https://cdn.test/${handle.jobId}.png` }],
      ...this.result(),
    };
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

type Fake<M> = M & { control: FakeControl };

function base(modality: Modality, control: FakeControl) {
  return {
    specificationVersion: SPECIFICATION_VERSION,
    modality,
    provider: control.provider,
    modelId: control.modelId,
    control,
  };
}

export function fakeText(ref: string, log: CallLog): Fake<TextModel> {
  const control = controlFor(ref, log);
  return {
    ...base("text", control),
    modality: "text",
    async doGenerate(options) {
      await control.request("doGenerate", options.abortSignal);
      return { text: `answer from ${ref}`, finishReason: "stop", ...control.result() };
    },
  };
}

export function fakeEmbedding(ref: string, log: CallLog): Fake<EmbeddingModel> {
  const control = controlFor(ref, log);
  return {
    ...base("embedding", control),
    modality: "embedding",
    maxEmbeddingsPerCall: 16,
    async doEmbed(options) {
      await control.request("doEmbed", options.abortSignal);
      return { embeddings: options.values.map(() => [0.1, 0.2]), ...control.result() };
    },
  };
}

export function fakeSpeech(ref: string, log: CallLog): Fake<SpeechModel> {
  const control = controlFor(ref, log);
  return {
    ...base("speech", control),
    modality: "speech",
    async doGenerate(options) {
      await control.request("doGenerate", options.abortSignal);
      return { audio: new Uint8Array([1, 2, 3]), mediaType: "audio/mpeg", ...control.result() };
    },
    async doListVoices(options) {
      await control.request("doListVoices", options?.abortSignal);
      return [{ voiceId: `${control.ref}-voice`, name: "Narrator" }];
    },
  };
}

export function fakeImage(ref: string, log: CallLog): Fake<ImageModel> {
  const control = controlFor(ref, log);
  return { ...base("image", control), modality: "image", ...mediaMethods(control) };
}

export function fakeVideo(ref: string, log: CallLog): Fake<VideoModel> {
  const control = controlFor(ref, log);
  return { ...base("video", control), modality: "video", ...mediaMethods(control) };
}

function mediaMethods(control: FakeControl) {
  return {
    async doStart(options: { abortSignal?: AbortSignal }) {
      await control.request("doStart", options.abortSignal);
      const handle = control.newJob();
      if (!control.async) {
        return {
          state: "succeeded" as const,
          outputs: [{ url: "https://cdn.test/now.png" }],
          handle,
          ...control.result(),
        };
      }
      return { state: "started" as const, handle, warnings: [] };
    },
    async doStatus(handle: JobHandle, options?: { abortSignal?: AbortSignal }) {
      await control.request("doStatus", options?.abortSignal);
      return control.poll(handle);
    },
  };
}

function controlFor(ref: string, log: CallLog): FakeControl {
  const colon = ref.indexOf(":");
  return new FakeControl(ref.slice(0, colon), ref.slice(colon + 1), log);
}
