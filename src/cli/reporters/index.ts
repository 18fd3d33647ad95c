import type { LitinkEvent } from "../../events/bus.js";
import type { GlobalOptions } from "../context.js";
import { HumanReporter } from "./human.js";
import { JsonReporter } from "./json.js";

export interface Reporter {
  onEvent(event: LitinkEvent): void;
  /** How to print the next `result` event for people (ignored by the JSON reporter). */
  setRenderer(render: () => string): void;
  error(error: {
    name: string;
    title: string;
    message: string;
    hint?: string;
    exitCode: number;
    stack?: string;
  }): void;
}

export function createReporter(options: GlobalOptions): Reporter {
  return options.json ? new JsonReporter() : new HumanReporter(options);
}
