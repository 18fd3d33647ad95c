import { randomUUID } from "node:crypto";
import type { Price } from "../../config/defaults.js";
import { type Reservation, release, reserve, settle } from "../../ledger/budget.js";
import { estimateUsage } from "../../ledger/estimate.js";
import { costOf, priceOf } from "../../ledger/pricing.js";
import { recordUsage, runSpentUsd } from "../../ledger/usage.js";
import type { Db } from "../../store/db.js";
import type { AnyModel, JobStart, ResultBase } from "../spec/index.js";
import { type EventSink, runInScope } from "./call-scope.js";
import { chainLinks } from "./fallback.js";
import { type ModelMethod, modelRef, wrapModel } from "./model-proxy.js";
import { routeOf } from "./route.js";

export interface MeteringOptions {
  db: Db;
  events?: EventSink;
  prices: Readonly<Record<string, Price>>;
  /** A budget opened with `openBudget`; calls reserve against it. None: no limit. */
  budgetScope?: string;
  runId?: string;
  taskId?: string;
  bookId?: string;
  tier?: string;
}

const BILLABLE: ReadonlySet<ModelMethod> = new Set(["doGenerate", "doEmbed", "doStart"]);

/**
 * The outermost layer: reserve the call's estimate (the dearest model of the chain, since
 * any of them may serve it), run it, settle the reservation to the real cost, write one ledger
 * row with the model that actually served it and the fallback origin, and emit `cost-update`.
 * A failed call releases its reservation. An async job is billed when the provider accepts it
 * (ModelsLab charges per submission, at the requested units); polling is never billed, so a
 * resumed poll in another process cannot bill twice.
 */
export function withMetering<M extends AnyModel>(model: M, options: MeteringOptions): M {
  let spentHere = 0;
  const unpricedWarned = new Set<string>();
  return wrapModel(model, async (method, args, next) => {
    if (!BILLABLE.has(method)) return next(args);
    const estimate = estimateUsage(model.modality, args[0]);
    const candidates = chainLinks(model) ?? [model];
    const estimateUsd = Math.max(
      0,
      ...candidates.map((link) => priceOf(link.provider, link.modelId, estimate, options.prices)),
    );
    for (const link of candidates) {
      const ref = modelRef(link);
      if (link.provider !== "local" && !options.prices[ref] && !unpricedWarned.has(ref)) {
        unpricedWarned.add(ref);
        warn(`${ref} has no price, so its calls are recorded and reserved at $0.`);
      }
    }
    const reservation: Reservation | undefined = options.budgetScope
      ? reserve(options.db, options.budgetScope, estimateUsd)
      : undefined;
    const callId = randomUUID();
    const startedAt = new Date();
    let result: unknown;
    try {
      result = await runInScope({ callId, runId: options.runId, taskId: options.taskId }, () =>
        next(args),
      );
    } catch (error) {
      if (reservation) release(options.db, reservation);
      throw error;
    }
    const endedAt = new Date();
    const started = method === "doStart" && (result as JobStart).state === "started";
    const served = routeOf(result) ??
      (result as JobStart).handle ?? { provider: model.provider, modelId: model.modelId };
    const reported = started ? undefined : (result as ResultBase);
    const cost = costOf({
      provider: served.provider,
      modelId: served.modelId,
      usage: reported?.usage ?? estimate,
      providerCostUsd: reported?.providerCostUsd,
      estimate,
      prices: options.prices,
    });
    if (cost.estimatedFields.length > 0) {
      warn(
        `${served.provider}:${served.modelId} reported no ${cost.estimatedFields.join(", ")}; billed from the estimate.`,
      );
    }
    const state = reservation ? settle(options.db, reservation, cost.usd) : undefined;
    recordUsage(options.db, {
      id: callId,
      runId: options.runId,
      taskId: options.taskId,
      bookId: options.bookId,
      modality: model.modality,
      provider: served.provider,
      model: served.modelId,
      fallbackFrom: routeOf(result)?.fallbackFrom,
      tier: options.tier,
      units: cost.estimatedFields.length
        ? { ...cost.units, estimatedFields: cost.estimatedFields }
        : cost.units,
      usd: cost.usd,
      costSource: cost.source,
      startedAt,
      endedAt,
    });
    spentHere += cost.usd;
    options.events?.emit("cost-update", {
      spentUsd:
        state?.spentUsd ?? (options.runId ? runSpentUsd(options.db, options.runId) : spentHere),
      budgetUsd: state?.limitUsd ?? null,
    });
    return result;
  });

  function warn(message: string): void {
    options.events?.emit("warning", { message });
  }
}
