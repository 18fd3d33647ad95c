/**
 * The one error base class. Checked by a marker rather than `instanceof`, so an error
 * thrown by a second copy of this module (a linked package, a worker) is still recognised.
 */
const MARKER = Symbol.for("litink.error");

export interface LitinkErrorInit {
  name: string;
  title: string;
  message: string;
  hint?: string;
  exitCode: number;
  isRetryable?: boolean;
  cause?: unknown;
}

export class LitinkError extends Error {
  readonly [MARKER] = true;
  readonly title: string;
  readonly hint: string | undefined;
  readonly exitCode: number;
  readonly isRetryable: boolean;

  constructor(init: LitinkErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = init.name;
    this.title = init.title;
    this.hint = init.hint;
    this.exitCode = init.exitCode;
    this.isRetryable = init.isRetryable ?? false;
  }
}

export function isLitinkError(value: unknown): value is LitinkError {
  return typeof value === "object" && value !== null && MARKER in value;
}
