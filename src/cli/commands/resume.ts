import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Command, Option } from "commander";
import { litinkError } from "../../errors/catalog.js";
import type { RunOptions } from "../../pipeline/runner-book.js";
import type { RunRow } from "../../pipeline/runs.js";
import { contextWithConfig, examples } from "../options.js";
import { finish, runGenerate } from "./generate.js";
import { positive } from "./plan-options.js";

/** generate's plan flags: refused here with a pointer to `generate`, not commander's bare error. */
const FIXED = ["tier", "offline", "chapters", "minutes", "out", "aspect", "quality", "concurrency"];

export function register(program: Command): void {
  const command = program
    .command("resume")
    .description(
      "continue a run with the options it started with (finished and cached tasks are free)",
    )
    .argument("<runId>", "the run id, as `litink runs` lists it")
    .option("--budget <usd>", "raise the run's budget (its total, earlier spending included)");
  for (const name of FIXED)
    command.addOption(new Option(`--${name}${name === "offline" ? "" : " <value>"}`).hideHelp());
  command.action(
    async (runId: string, flags: Record<string, string | undefined>, self: Command) => {
      const fixed = FIXED.filter((name) => flags[name] !== undefined);
      if (fixed.length > 0)
        throw litinkError("UsageError", {
          detail: `a run's options are fixed, so resume takes no ${fixed.map((name) => `--${name}`).join(", ")}; run \`litink generate\` with the new options instead (work already done comes from the cache)`,
        });
      const { context, loaded } = await contextWithConfig(self);
      const budget =
        flags.budget === undefined ? undefined : positive(flags.budget, "--budget", false);
      const run = await findRun(loaded.home, runId);
      if (run.status === "done") {
        context.result(
          "resume",
          { runId: run.id, input: run.bookFile, status: "done", exitCode: 0, nothingToDo: true },
          () => `run ${run.id} already finished (done); nothing to do`,
        );
        return;
      }
      const saved = run.options as unknown as RunOptions;
      const options: RunOptions = {
        ...saved,
        budgetUsd: budget ?? run.budgetUsd ?? saved.budgetUsd ?? loaded.config.budgetUsd,
      };
      const result = await runGenerate(context, loaded, {
        files: [run.bookFile],
        options,
        resume: { runId: run.id, folder: run.outDir },
      });
      finish(context, result, "resume");
    },
  );
  command.addHelpText(
    "after",
    "\nThe run's options (--tier, --chapters, --minutes, --out, --aspect, --quality, --concurrency)\nare fixed: to change them, run `litink generate` again; work already done comes from the cache.",
  );
  examples(command, [
    ["litink resume r-20261127-a1b2c3", "continue with the saved options"],
    ["litink resume r-20261127-a1b2c3 --budget 10", "after a budget stop: allow $10 in total"],
  ]);
}

async function findRun(home: string, runId: string): Promise<RunRow> {
  if (!existsSync(join(home, "litink.db"))) throw litinkError("RunNotFound", { runId });
  const { openStore } = await import("../../store/db.js");
  const { RunStore } = await import("../../pipeline/runs.js");
  const db = await openStore(home);
  try {
    const run = new RunStore(db).get(runId);
    if (!run) throw litinkError("RunNotFound", { runId });
    return run;
  } finally {
    db.close();
  }
}
