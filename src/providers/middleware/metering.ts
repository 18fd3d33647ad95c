import { randomUUID } from "node:crypto";
import type { Price } from "../../config/defaults.js";
import { LitinkError } from "../../errors/app-error.js";
import { ExitCode } from "../../errors/exit-codes.js";
import {
  type BudgetState,
  type Reservation,
  release,
  reserve,
  settle,
} from "../../ledger/budget.js";
import { estimateUsage } from "../../ledger/estimate.js";
import { costOf, priceOf } from "../../ledger/pricing.js";
import { recordUsage, runSpentUsd } from "../../ledger/usage.js";
import type { Db } from "../../store/db.js";
import type { AnyModel, JobStart, ResultBase } from "../spec/index.js";
import { JobMaybeAcceptedError } from "./ambiguous-start.js";
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
 * The outermost layer: refuse a paid model without a price (exit 78), reserve the call's
 * estimate (the dearest model of the chain, since any of them may serve it), run it, then in
 * one transaction settle the reservation to the real cost and write one ledger row with the
 * model that actually answered (OpenRouter may route elsewhere) and the fallback origin, and
 * emit `cost-update`. A cost above the estimate is settled as is, with a warning. A failed
 * call releases its reservation. An async job is billed when the provider accepts it
 * (ModelsLab charges per submission, at the units in its handle, else the estimate); polling
 * is never billed, so a resumed poll in another process cannot bill twice.
 */
export function withMetering<M extends AnyModel>(model: M, options: MeteringOptions): M {
  let spentHere = 0;
  const warned = new Set<string>();
  return wrapModel(model, async (method, args, next) => {
    if (!BILLABLE.has(method)) return next(args);
    const estimate = estimateUsage(model.modality, args[0]);
    const candidates = chainLinks(model) ?? [model];
    // A paid model without a price would reserve $0 and run unbudgeted: refuse before calling.
    for (const link of candidates) requirePrice(link, options.prices);
    const estimateUsd = Math.max(
      0,
      ...candidates.map((link) => priceOf(link.provider, link.modelId, estimate, options.prices)),
    );
    // Offline links cost nothing: a budget already overrun by a paid call's real cost must
    // still let free work (drawn frames, eSpeak, Ken Burns) run, so they reserve nothing.
    const free = candidates.every((link) => link.provider === "local");
    const reservation: Reservation | undefined =
      options.budgetScope && !free
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
      // A submission that may have been accepted may also have been charged: its estimate
      // stays reserved against the budget rather than freeing room to spend it again.
      if (reservation && error instanceof JobMaybeAcceptedError) {
        options.events?.emit("warning", {
          message: `${modelRef(model)} may have accepted (and charged) a job that failed to confirm; its estimate stays reserved against the budget`,
        });
      } else if (reservation) {
        release(options.db, reservation);
      }
      throw error;
    }
    const endedAt = new Date();
    const start = method === "doStart" ? (result as JobStart) : undefined;
    const started = start?.state === "started";
    const route = routeOf(result);
    const chosen = route ?? start?.handle ?? { provider: model.provider, modelId: model.modelId };
    const reported = started ? undefined : (result as ResultBase);
    const served = answeredBy(chosen, reported);
    const pricedAs = options.prices[modelRef(served)] ? served : chosen;
    if (pricedAs !== served) {
      warnOnce(
        `${modelRef(served)} answered for ${modelRef(chosen)} but has no price; billed at ${modelRef(chosen)}'s price.`,
      );
    }
    const cost = costOf({
      provider: pricedAs.provider,
      modelId: pricedAs.modelId,
      // A started job bills the units the provider accepted (its handle), else the estimate.
      usage: reported?.usage ?? (started ? start.handle.usage : undefined) ?? estimate,
      providerCostUsd: reported?.providerCostUsd,
      estimate,
      prices: options.prices,
    });
    if (cost.estimatedFields.length > 0) {
      warn(
        `${modelRef(served)} reported no ${cost.estimatedFields.join(", ")}; billed from the estimate.`,
      );
    }
    if (cost.usd > estimateUsd + 1e-9) {
      warn(
        `${modelRef(served)} cost ${usd(cost.usd)}, above its estimate of ${usd(estimateUsd)}; settled at the real cost.`,
      );
    }
    const servedDifferently = served.modelId !== chosen.modelId;
    const fallbackFrom = route?.fallbackFrom ?? (servedDifferently ? modelRef(chosen) : undefined);
    let state: BudgetState | undefined;
    try {
      // One transaction: the budget's spend and the ledger never disagree.
      state = options.db
        .transaction(() => {
          const settled = reservation ? settle(options.db, reservation, cost.usd) : undefined;
          recordUsage(options.db, {
            id: callId,
            runId: options.runId,
            taskId: options.taskId,
            bookId: options.bookId,
            modality: model.modality,
            provider: served.provider,
            model: served.modelId,
            fallbackFrom,
            tier: options.tier,
            units: cost.estimatedFields.length
              ? { ...cost.units, estimatedFields: cost.estimatedFields }
              : cost.units,
            usd: cost.usd,
            costSource: cost.source,
            startedAt,
            endedAt,
          });
          return settled;
        })
        .immediate();
    } catch (error) {
      // The call was paid: its result is still the caller's. The reservation stays held (it
      // is released with the run's stale reservations), so the budget stays on the safe side.
      const reason = error instanceof Error ? error.message : String(error);
      warn(
        `${modelRef(served)} answered (${usd(cost.usd)}) but its ledger row could not be written (${reason})${reservation ? `; its reservation of ${usd(reservation.usd)} stays held` : ""}.`,
      );
      return result;
    }
    spentHere += cost.usd;
    // A free call changes no total: one event per offline frame or voice would be noise.
    if (cost.usd > 0)
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

  function warnOnce(message: string): void {
    if (warned.has(message)) return;
    warned.add(message);
    warn(message);
  }
}

/**
 * The model that actually answered: OpenRouter may route a request to another model and
 * names it in the reply (`response.modelId`), and that is the model billed.
 */
function answeredBy(
  chosen: { provider: string; modelId: string },
  reported: ResultBase | undefined,
): { provider: string; modelId: string } {
  const answered = reported?.response?.modelId;
  if (!answered || answered === chosen.modelId) return chosen;
  return { provider: chosen.provider, modelId: answered };
}

/** Local models are free; every other model needs a price, or its calls are refused. */
function requirePrice(model: AnyModel, prices: Readonly<Record<string, Price>>): void {
  if (model.provider === "local" || prices[modelRef(model)]) return;
  throw new LitinkError({
    name: "UnpricedModel",
    title: "Model has no price",
    message: `no price for ${modelRef(model)}; add it under \`prices\` in the config`,
    hint: "litink reserves each call's estimated cost against the budget before calling; without a price it cannot.",
    exitCode: ExitCode.config,
  });
}

function usd(amount: number): string {
  return `$${amount.toFixed(amount < 1 ? 4 : 2)}`;
}
