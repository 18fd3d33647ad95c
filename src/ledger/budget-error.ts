import { LitinkError } from "../errors/app-error.js";
import { ExitCode } from "../errors/exit-codes.js";

export interface BudgetExceededInit {
  scope: string;
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
  estimateUsd: number;
}

/**
 * A call was refused because it could take the budget over its limit. Exit 75: the run
 * stops cleanly and can be resumed with a larger budget.
 */
export class BudgetExceededError extends LitinkError {
  readonly scope: string;
  readonly limitUsd: number;
  readonly spentUsd: number;
  readonly reservedUsd: number;
  readonly estimateUsd: number;

  constructor(init: BudgetExceededInit) {
    super({
      name: "BudgetExceeded",
      title: "Budget reached",
      message:
        `The next call would cost up to ${usd(init.estimateUsd)}, but ${usd(init.spentUsd)} of the ` +
        `${usd(init.limitUsd)} budget is spent and ${usd(init.reservedUsd)} is reserved by calls in flight.`,
      hint: "Nothing was lost: raise the budget with --budget and resume the run.",
      exitCode: ExitCode.tempFail,
    });
    this.scope = init.scope;
    this.limitUsd = init.limitUsd;
    this.spentUsd = init.spentUsd;
    this.reservedUsd = init.reservedUsd;
    this.estimateUsd = init.estimateUsd;
  }
}

export function isBudgetExceeded(value: unknown): value is BudgetExceededError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { name?: unknown }).name === "BudgetExceeded"
  );
}

function usd(amount: number): string {
  return `$${amount.toFixed(amount < 1 ? 4 : 2)}`;
}
