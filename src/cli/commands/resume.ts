import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { litinkError } from "../../errors/catalog.js";
import type { RunOptions } from "../../pipeline/runner-book.js";
import { contextWithConfig, examples } from "../options.js";
import { finish, runGenerate } from "./generate.js";

export function register(program: Command): void {
  const command = program
    .command("resume")
    .description("continue a run with its saved options (finished and cached tasks are free)")
    .argument("<runId>", "the run id, as `litink runs` lists it")
    .option("--budget <usd>", "raise the run's budget (its total, earlier spending included)")
    .action(async (runId: string, flags: { budget?: string }, self: Command) => {
      const { context, loaded } = await contextWithConfig(self);
      const budget = flags.budget === undefined ? undefined : Number(flags.budget);
      if (budget !== undefined && !(Number.isFinite(budget) && budget > 0))
        throw litinkError("UsageError", {
          detail: `--budget wants a positive number, not "${flags.budget}"`,
        });
      const run = await findRun(loaded.home, runId);
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
      finish(context, result);
    });
  examples(command, [
    ["litink resume r-20261127-a1b2c3", "continue with the saved options"],
    ["litink resume r-20261127-a1b2c3 --budget 10", "after a budget stop: allow $10 in total"],
  ]);
}

async function findRun(home: string, runId: string) {
  const missing = () =>
    litinkError("UsageError", { detail: `there is no run ${runId}; \`litink runs\` lists them` });
  if (!existsSync(join(home, "litink.db"))) throw missing();
  const { openStore } = await import("../../store/db.js");
  const { RunStore } = await import("../../pipeline/runs.js");
  const db = await openStore(home);
  try {
    const run = new RunStore(db).get(runId);
    if (!run) throw missing();
    return run;
  } finally {
    db.close();
  }
}
