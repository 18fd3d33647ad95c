import { isProviderError, ProviderError } from "../provider-error.js";
import type { AnyModel, JobHandle } from "../spec/index.js";
import { isMaybeAccepted } from "./ambiguous-start.js";
import { recordAttempt } from "./attempt-log.js";
import { currentScope, inScope, runInScope } from "./call-scope.js";
import { cooldownOf } from "./cooldown.js";
import { callMethod, type ModelMethod, modelLike, modelRef } from "./model-proxy.js";
import type { ResilienceContext } from "./policy.js";
import { setRoute } from "./route.js";
import { isCircuitOpen } from "./shared-breaker.js";

const chains = new WeakMap<object, readonly AnyModel[]>();

/** The models of a fallback chain, in order (undefined for a plain model). */
export function chainLinks(model: AnyModel): readonly AnyModel[] | undefined {
  return chains.get(model);
}

/**
 * A fallback chain that is itself a model of the same spec. Each call tries the links in
 * order and moves on after any provider failure except a cancellation; a provider on
 * cooldown is skipped unless it is the last link (better a slow answer than none). Every move
 * is recorded and emitted as `fallback {modality, from, to, reason}`, and the result is noted
 * with the model that served it (`routeOf`). `doStatus` goes to the link that started the job.
 */
export function fallback<M extends AnyModel>(links: readonly M[], context: ResilienceContext): M {
  const first = links[0];
  if (!first) throw new Error("a fallback chain needs at least one model");
  const identity = { provider: "fallback", modelId: links.map(modelRef).join(" > ") };
  const chain = modelLike(first, identity, (method, args) =>
    method === "doStatus" ? pollOwner(links, args) : inScope(() => tryInOrder(method, args)),
  );
  chains.set(chain, links);
  return chain;

  async function tryInOrder(method: ModelMethod, args: unknown[]): Promise<unknown> {
    const failures: string[] = [];
    let lastError: unknown;
    for (const [index, link] of links.entries()) {
      const next = links[index + 1];
      const cooldown = next ? cooldownOf(context, link) : undefined;
      if (cooldown) {
        recordAttempt(context, {
          modality: link.modality,
          provider: link.provider,
          model: link.modelId,
          attempt: 0,
          outcome: "skipped",
          failure: "cooldown",
          detail: `${cooldown.provider} is cooling down until ${cooldown.until.toISOString()} (${cooldown.reason})`,
          ms: 0,
        });
        failures.push(`${modelRef(link)}: cooldown`);
        announce(link, next, "cooldown");
        continue;
      }
      try {
        const scope = { ...currentScope()!, hasFallback: next !== undefined };
        const result = await runInScope(scope, () => callMethod(link, method, args));
        setRoute(result, {
          provider: link.provider,
          modelId: link.modelId,
          ...(index > 0 ? { fallbackFrom: modelRef(first!) } : {}),
        });
        return result;
      } catch (error) {
        // A paid job that may have been accepted is never submitted to another model.
        if (!isProviderError(error) || error.failure === "aborted" || isMaybeAccepted(error)) {
          throw error;
        }
        lastError = error;
        const reason = isCircuitOpen(error) ? "circuit-open" : error.failure;
        failures.push(`${modelRef(link)}: ${reason}`);
        if (next) announce(link, next, reason);
      }
    }
    throw exhausted(lastError, failures);
  }

  function announce(from: AnyModel, to: AnyModel | undefined, reason: string): void {
    if (!to) return;
    context.events?.emit("fallback", {
      modality: from.modality,
      from: modelRef(from),
      to: modelRef(to),
      reason,
    });
  }

  function exhausted(lastError: unknown, failures: string[]): unknown {
    if (links.length === 1 || !isProviderError(lastError)) return lastError;
    return new ProviderError({
      provider: lastError.provider,
      modelId: lastError.modelId,
      failure: lastError.failure,
      status: lastError.status,
      retryAfterMs: lastError.retryAfterMs,
      detail: `every model in the chain failed (${failures.join("; ")})`,
      cause: lastError,
    });
  }
}

/** Status polls go to the model that accepted the job: another model cannot know its id. */
function pollOwner(links: readonly AnyModel[], args: unknown[]): Promise<unknown> {
  const handle = args[0] as JobHandle;
  const owner = links.find(
    (link) => link.provider === handle.provider && link.modelId === handle.modelId,
  );
  if (!owner) {
    return Promise.reject(
      new ProviderError({
        provider: handle.provider,
        modelId: handle.modelId,
        failure: "bad-request",
        detail: "this job was started by a model that is not in the chain",
      }),
    );
  }
  return callMethod(owner, "doStatus", args);
}
