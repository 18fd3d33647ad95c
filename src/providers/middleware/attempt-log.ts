import { isProviderError } from "../provider-error.js";
import type { Modality } from "../spec/shared.js";
import { currentScope } from "./call-scope.js";
import type { ResilienceContext } from "./policy.js";

export type AttemptOutcome = "ok" | "retry" | "fallback" | "failed" | "skipped";

export interface AttemptRecord {
  modality: Modality;
  provider: string;
  model: string;
  /** 1 for the first request; 0 when no request was made (skipped). */
  attempt: number;
  outcome: AttemptOutcome;
  /** A ProviderFailure, or why a link was skipped (`circuit-open`, `cooldown`). */
  failure?: string;
  status?: number;
  detail?: string;
  ms: number;
}

/**
 * Files one attempt under the current call (table `attempts`) and emits it as `attempt-end`.
 * Details come from ProviderError messages, which never carry keys or auth headers.
 */
export function recordAttempt(context: ResilienceContext, record: AttemptRecord): void {
  const scope = currentScope();
  const at = new Date(context.now?.() ?? Date.now()).toISOString();
  const callId = scope?.callId ?? "unscoped";
  context.db
    .prepare(
      `INSERT INTO attempts (call_id, run_id, task_id, modality, provider, model, attempt,
         outcome, failure, status, detail, ms, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      callId,
      scope?.runId ?? null,
      scope?.taskId ?? null,
      record.modality,
      record.provider,
      record.model,
      record.attempt,
      record.outcome,
      record.failure ?? null,
      record.status ?? null,
      record.detail ?? null,
      Math.round(record.ms),
      at,
    );
  context.events?.emit("attempt-end", { callId, ...record, ms: Math.round(record.ms) });
}

/** The fields of a failure worth recording. Non-provider errors keep only their message. */
export function describeFailure(
  error: unknown,
): Pick<AttemptRecord, "failure" | "status" | "detail"> {
  if (isProviderError(error)) {
    return { failure: error.failure, status: error.status, detail: error.message };
  }
  return { failure: "error", detail: error instanceof Error ? error.message : String(error) };
}
