import type { Command } from "commander";
import { loadConfig } from "../config/load.js";
import { type CommandContext, createContext, type GlobalOptions } from "./context.js";

export function globalOptions(command: Command): GlobalOptions {
  const options = command.optsWithGlobals<{ json?: boolean; debug?: boolean; quiet?: boolean }>();
  return {
    json: Boolean(options.json),
    debug: Boolean(options.debug),
    quiet: Boolean(options.quiet),
  };
}

/** The context for a command's action, with its configuration loaded. */
export async function commandContext(command: Command): Promise<CommandContext> {
  return createContext(globalOptions(command));
}

export async function contextWithConfig(command: Command) {
  const context = await commandContext(command);
  const loaded = await loadConfig({ cwd: context.cwd, env: context.env });
  return { context, loaded };
}

/** Adds an "Examples:" block to a command's --help. */
export function examples(command: Command, lines: Array<[string, string]>): Command {
  const width = Math.max(...lines.map(([example]) => example.length));
  const body = lines.map(([example, what]) => `  $ ${example.padEnd(width)}  ${what}`).join("\n");
  return command.addHelpText("after", `\nExamples:\n${body}`);
}
