import { resolve } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import type { Estimate } from "../../pipeline/plan.js";
import { contextWithConfig, examples } from "../options.js";
import { renderTable } from "../table.js";
import { addPlanOptions, type PlanFlags, runOptions } from "./plan-options.js";

export function register(program: Command): void {
  const command = program
    .command("estimate")
    .description("what generate would do and cost: tasks by stage and model, cache hits free")
    .argument("<book>", "path to the book file");
  addPlanOptions(command).action(async (file: string, flags: PlanFlags, self: Command) => {
    const { context, loaded } = await contextWithConfig(self);
    const { estimateBook } = await import("../../pipeline/runner-estimate.js");
    const result = await estimateBook({
      file: resolve(context.cwd, file),
      options: runOptions(flags, loaded, context.cwd),
      loaded,
      env: context.env,
    });
    context.result("estimate", result, renderEstimate);
  });
  examples(command, [
    ["litink estimate book.epub", "the offline plan (free)"],
    ["litink estimate book.epub --tier standard --chapters 1-3", "what three chapters would cost"],
    ["litink estimate book.epub --json | tail -1", "{tier, tasks, cachedTasks, estimatedUsd, …}"],
  ]);
}

function renderEstimate(estimate: Estimate): string {
  const usd = (value: number) => `$${value.toFixed(value > 0 && value < 0.01 ? 4 : 2)}`;
  const stages = renderTable(Object.entries(estimate.byStage), [
    { header: "stage", value: ([stage]) => stage },
    { header: "tasks", value: ([, row]) => String(row.tasks), align: "right" },
    { header: "cached", value: ([, row]) => String(row.cachedTasks), align: "right" },
    { header: "USD", value: ([, row]) => usd(row.usd), align: "right" },
    { header: "seconds", value: ([, row]) => String(Math.round(row.seconds)), align: "right" },
  ]);
  const models = renderTable(Object.entries(estimate.byModel), [
    { header: "model", value: ([model]) => model, flexible: true },
    { header: "tasks", value: ([, row]) => String(row.tasks), align: "right" },
    { header: "cached", value: ([, row]) => String(row.cachedTasks), align: "right" },
    { header: "USD", value: ([, row]) => usd(row.usd), align: "right" },
  ]);
  return [
    `${pc.bold(usd(estimate.estimatedUsd))} · ${estimate.tasks} tasks (${estimate.cachedTasks} cached) · ~${Math.round(estimate.estimatedSeconds)} s of work · tier ${estimate.tier}`,
    stages,
    models,
    pc.dim("Nothing was spent."),
  ].join("\n\n");
}
