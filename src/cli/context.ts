import { EventBus } from "../events/bus.js";
import { createReporter, type Reporter } from "./reporters/index.js";

export interface GlobalOptions {
  json: boolean;
  debug: boolean;
  quiet: boolean;
}

/** What every command receives: the global flags, the event bus and its reporter. */
export interface CommandContext {
  options: GlobalOptions;
  bus: EventBus;
  reporter: Reporter;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Emits the command's result event; `render` turns it into text for people. */
  result<T extends Record<string, unknown>>(
    command: string,
    data: T,
    render: (data: T) => string,
  ): void;
  warn(message: string): void;
}

export function createContext(options: GlobalOptions): CommandContext {
  const bus = new EventBus();
  const reporter = createReporter(options);
  bus.subscribe((event) => reporter.onEvent(event));
  return {
    options,
    bus,
    reporter,
    cwd: process.cwd(),
    env: process.env,
    result(command, data, render) {
      reporter.setRenderer(() => render(data));
      bus.emit("result", { command, ...data });
    },
    warn(message) {
      bus.emit("warning", { message });
    },
  };
}
