import pc from "picocolors";
import type { LitinkEvent } from "../../events/bus.js";
import type { GlobalOptions } from "../context.js";
import type { Reporter } from "./index.js";

/** Results on stdout; warnings and errors on stderr; `--quiet` keeps only results and errors. */
export class HumanReporter implements Reporter {
  #render: (() => string) | null = null;

  constructor(private readonly options: GlobalOptions) {}

  onEvent(event: LitinkEvent): void {
    if (event.type === "result") {
      const text = this.#render?.();
      if (text) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    } else if (event.type === "warning" && !this.options.quiet) {
      process.stderr.write(`${pc.yellow("warning")} ${String(event.message)}\n`);
    }
  }

  setRenderer(render: () => string): void {
    this.#render = render;
  }

  error(error: { title: string; message: string; hint?: string; stack?: string }): void {
    const lines = [`${pc.red("✖")} ${pc.bold(error.title)}`, error.message];
    if (error.hint) lines.push(pc.dim(`→ ${error.hint}`));
    if (error.stack && this.options.debug) lines.push(pc.dim(error.stack));
    process.stderr.write(`${lines.join("\n")}\n`);
  }
}
