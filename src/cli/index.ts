import { Command, CommanderError } from "commander";
import { isLitinkError } from "../errors/app-error.js";
import { ExitCode } from "../errors/exit-codes.js";
import { commands } from "./commands/index.js";
import { createReporter } from "./reporters/index.js";
import { VERSION } from "./version.js";

const ROOT_EXAMPLES = `
Examples:
  $ litink inspect book.epub              list the chapters litink finds
  $ litink inspect book.pdf --all --json  every section, as NDJSON for scripts
  $ litink init                           write litink.config.ts (asks on a TTY)
  $ litink doctor                         check ffmpeg, sqlite-vec and config

Exit codes: 0 done, 1 internal error, 64 usage, 65 bad book, 66 missing file,
69 provider unavailable, 75 stopped but resumable, 78 configuration error.`;

/** Wires the program, runs one command, and is the only place that turns errors into exit codes. */
export async function main(argv: string[] = process.argv): Promise<number> {
  // `litink … | head` closes the pipe early: that ends the output, it is not a crash.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
  });
  const args = argv.slice(2);
  const json = args.includes("--json");
  // With --json, help and version text become a result event so stdout stays NDJSON.
  let helpText = "";
  const program = new Command("litink")
    .description("Turn a book into narrated, illustrated chapter videos — offline by default.")
    .version(VERSION, "-V, --version")
    .option("--json", "write NDJSON events to stdout (the last line is the result)")
    .option("--debug", "show stack traces and internal detail")
    .option("-q, --quiet", "print only results and errors")
    .showHelpAfterError("(add --help for usage and examples)")
    .addHelpText("after", ROOT_EXAMPLES)
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => {
        if (json) helpText += text;
        else process.stdout.write(text);
      },
      writeErr: (text) => {
        if (!json) process.stderr.write(text);
      },
    });

  try {
    const requested = args[0] === "help" ? args[1] : args.find((arg) => !arg.startsWith("-"));
    for (const entry of commands) {
      if (entry.name === requested) (await entry.load()).register(program);
      else
        program
          .command(entry.name)
          .description(entry.summary)
          .helpOption(false)
          .allowUnknownOption();
    }
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) {
      if (json) writeTextResult(error.code === "commander.version" ? "version" : "help", helpText);
      return ExitCode.ok;
    }
    return report(error, { json, debug: args.includes("--debug") });
  }
}

function writeTextResult(command: string, text: string): void {
  const event = { type: "result", ts: new Date().toISOString(), command, text: text.trimEnd() };
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function report(error: unknown, options: { json: boolean; debug: boolean }): number {
  const reporter = createReporter({ ...options, quiet: false });
  if (error instanceof CommanderError) {
    if (options.json) {
      reporter.error({
        name: "UsageError",
        title: "Invalid usage",
        message: error.message.replace(/^error: /, ""),
        hint: "Run the command with --help for its options and examples.",
        exitCode: ExitCode.usage,
      });
    }
    return ExitCode.usage;
  }
  if (isLitinkError(error)) {
    reporter.error({
      name: error.name,
      title: error.title,
      message: error.message,
      hint: error.hint,
      exitCode: error.exitCode,
      stack: error.stack,
    });
    return error.exitCode;
  }
  const stack = error instanceof Error ? error.stack : String(error);
  reporter.error({
    name: "InternalError",
    title: "Internal error",
    message: `litink hit a bug: ${error instanceof Error ? error.message : String(error)}`,
    hint: options.debug
      ? "Please report this with the stack trace below."
      : "Please report this; rerun with --debug to include the stack trace.",
    exitCode: ExitCode.internal,
    stack,
  });
  return ExitCode.internal;
}
