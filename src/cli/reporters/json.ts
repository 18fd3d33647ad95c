import type { LitinkEvent } from "../../events/bus.js";
import type { Reporter } from "./index.js";

/** NDJSON on stdout, one event per line and nothing else (DESIGN.md §4). */
export class JsonReporter implements Reporter {
  onEvent(event: LitinkEvent): void {
    process.stdout.write(`${JSON.stringify(event)}\n`);
  }

  setRenderer(): void {}

  error(error: { name: string; message: string; hint?: string; exitCode: number }): void {
    this.onEvent({
      type: "error",
      ts: new Date().toISOString(),
      name: error.name,
      message: error.message,
      hint: error.hint ?? null,
      exitCode: error.exitCode,
    });
  }
}
