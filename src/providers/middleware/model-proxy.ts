import type { AnyModel } from "../spec/index.js";

/** Every `do…` method a spec can have; a wrapper intercepts those its model has. */
export const MODEL_METHODS = [
  "doGenerate",
  "doEmbed",
  "doStart",
  "doStatus",
  "doListVoices",
] as const;
export type ModelMethod = (typeof MODEL_METHODS)[number];

/** Handles one call of a `do…` method. `args` are the method's arguments as given. */
export type MethodHandler = (method: ModelMethod, args: unknown[]) => Promise<unknown>;

/** Handles a call and may pass it on (possibly with changed arguments) to the wrapped model. */
export type Interceptor = (
  method: ModelMethod,
  args: unknown[],
  next: (args: unknown[]) => Promise<unknown>,
) => Promise<unknown>;

/** `"<provider>:<modelId>"`, the form chains and prices use. */
export function modelRef(model: { provider: string; modelId: string }): string {
  return `${model.provider}:${model.modelId}`;
}

/**
 * A model of the same spec as `template` (same modality, same methods, same limits) whose
 * `do…` methods go through `handle`. Spec fields are read explicitly because implementations
 * may keep them as getters on a class prototype.
 */
export function modelLike<M extends AnyModel>(
  template: M,
  identity: { provider: string; modelId: string },
  handle: MethodHandler,
): M {
  const model: Record<string, unknown> = {
    specificationVersion: template.specificationVersion,
    modality: template.modality,
    provider: identity.provider,
    modelId: identity.modelId,
  };
  if (template.modality === "embedding") {
    model.maxEmbeddingsPerCall = template.maxEmbeddingsPerCall;
  }
  for (const method of MODEL_METHODS) {
    if (typeof (template as unknown as Record<string, unknown>)[method] === "function") {
      model[method] = (...args: unknown[]) => handle(method, args);
    }
  }
  return model as unknown as M;
}

/** Wraps a model: same identity and spec, every `do…` call passes through `intercept`. */
export function wrapModel<M extends AnyModel>(model: M, intercept: Interceptor): M {
  return modelLike(model, model, (method, args) =>
    intercept(method, args, (nextArgs) => callMethod(model, method, nextArgs)),
  );
}

export function callMethod(
  model: AnyModel,
  method: ModelMethod,
  args: unknown[],
): Promise<unknown> {
  const target = (model as unknown as Record<string, unknown>)[method];
  if (typeof target !== "function") {
    return Promise.reject(new Error(`${modelRef(model)} has no ${method}()`));
  }
  return (target as (...values: unknown[]) => Promise<unknown>).apply(model, args);
}

/** Index of the options argument: `doStatus(handle, options)`, every other `do…(options)`. */
function optionsIndex(method: ModelMethod): number {
  return method === "doStatus" ? 1 : 0;
}

export function signalOf(method: ModelMethod, args: unknown[]): AbortSignal | undefined {
  const options = args[optionsIndex(method)] as { abortSignal?: AbortSignal } | undefined;
  return options?.abortSignal;
}

/** The same arguments with the options' `abortSignal` replaced. */
export function withSignal(method: ModelMethod, args: unknown[], signal: AbortSignal): unknown[] {
  const index = optionsIndex(method);
  const copy = [...args];
  while (copy.length <= index) copy.push(undefined);
  copy[index] = { ...(copy[index] as object | undefined), abortSignal: signal };
  return copy;
}
