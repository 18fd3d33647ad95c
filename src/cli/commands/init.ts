import type { Command } from "commander";
import { defaultAnswers, type InitAnswers } from "../../config/init.js";
import { type Tier, tiers } from "../../config/schema.js";
import { litinkError } from "../../errors/catalog.js";
import { commandContext, examples } from "../options.js";

export function register(program: Command): void {
  const command = program
    .command("init")
    .description("write a commented litink.config.ts in the current folder")
    .option(
      "-y, --yes",
      "take the defaults without asking (also the case when stdin is not a terminal)",
    )
    .option("-f, --force", "overwrite an existing litink.config.ts")
    .action(async (options: { yes?: boolean; force?: boolean }, self: Command) => {
      const context = await commandContext(self);
      const { writeConfig } = await import("../../config/init.js");
      const interactive =
        !options.yes && !context.options.json && process.stdin.isTTY && process.stdout.isTTY;
      const answers = interactive ? await ask() : defaultAnswers;
      const file = await writeConfig(context.cwd, answers, Boolean(options.force));
      context.result("init", { file, ...answers }, () =>
        [
          `Wrote ${file}.`,
          "Next: `litink doctor` to check your set-up, then `litink inspect <book>`.",
        ].join("\n"),
      );
    });
  examples(command, [
    ["litink init", "asks for tier, budget and output folder on a terminal"],
    ["litink init --yes", "writes the defaults (offline `local` tier, $5 budget, ./out)"],
    ["litink init --yes --force", "replaces an existing litink.config.ts"],
  ]);
}

async function ask(): Promise<InitAnswers> {
  const prompts = await import("@clack/prompts");
  prompts.intro("litink init");
  const cancelled = () => litinkError("UsageError", { detail: "Cancelled; no file was written." });
  const tier = await prompts.select<Tier>({
    message: "Which tier should runs use by default?",
    initialValue: defaultAnswers.tier,
    options: tiers.map((value) => ({
      value,
      label: value,
      hint: value === "local" ? "offline, free, no keys" : "needs API keys",
    })),
  });
  if (prompts.isCancel(tier)) throw cancelled();
  const budget = await prompts.text({
    message: "Spending guard per run, in USD?",
    initialValue: String(defaultAnswers.budgetUsd),
    validate: (value) =>
      value && Number.isFinite(Number(value)) && Number(value) >= 0
        ? undefined
        : "Enter a number ≥ 0",
  });
  if (prompts.isCancel(budget)) throw cancelled();
  const out = await prompts.text({
    message: "Output folder?",
    initialValue: defaultAnswers.out,
    validate: (value) => (value?.trim() ? undefined : "Enter a folder name"),
  });
  if (prompts.isCancel(out)) throw cancelled();
  prompts.outro("Writing litink.config.ts");
  return { tier, budgetUsd: Number(budget), out: out.trim() };
}
