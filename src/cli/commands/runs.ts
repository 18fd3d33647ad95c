import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import type { RunSummary } from "../../pipeline/runs.js";
import { contextWithConfig, examples } from "../options.js";
import { renderTable } from "../table.js";

export function register(program: Command): void {
  const command = program
    .command("runs")
    .description(
      "list generate runs: status (a run whose process died is interrupted), tasks done, money spent",
    )
    .option("--limit <n>", "at most this many, newest first", "50")
    .action(async (options: { limit: string }, self: Command) => {
      const { context, loaded } = await contextWithConfig(self);
      const limit = Math.max(1, Number.parseInt(options.limit, 10) || 50);
      let runs: RunSummary[] = [];
      // Reading never creates a state folder where none exists.
      if (existsSync(join(loaded.home, "litink.db"))) {
        const { openStore } = await import("../../store/db.js");
        const { RunStore } = await import("../../pipeline/runs.js");
        const db = await openStore(loaded.home);
        try {
          runs = new RunStore(db).list(limit);
        } finally {
          db.close();
        }
      }
      const rows = runs.map((run) => ({
        id: run.id,
        book: run.bookFile,
        status: run.status,
        tasksDone: run.tasksDone,
        tasksTotal: run.tasksTotal,
        spentUsd: run.spentUsd,
        startedAt: run.startedAt,
        endedAt: run.endedAt,
        exitCode: run.exitCode,
        resume: run.resume,
      }));
      context.result("runs", { runs: rows }, () => renderRuns(rows));
    });
  examples(command, [
    ["litink runs", "newest first"],
    [
      "litink runs --json | tail -1",
      "{runs: [{id, book, status, tasksDone, tasksTotal, spentUsd, startedAt, resume}]}",
    ],
    ["litink resume r-20261127-a1b2c3", "continue one of them"],
  ]);
}

type Row = {
  id: string;
  book: string;
  status: string;
  tasksDone: number;
  tasksTotal: number;
  spentUsd: number;
  startedAt: string;
  resume: string | null;
};

/**
 * A run left `running` by a process that is gone shows as `interrupted` (RunStore.list), so
 * the newest resumable run's command is printed under the table.
 */
function renderRuns(rows: Row[]): string {
  if (rows.length === 0) return "No runs yet. Start one with: litink generate <book>";
  const color = (status: string) =>
    status === "done" ? pc.green(status) : status === "failed" ? pc.red(status) : pc.yellow(status);
  const resumable = rows.find((row) => row.resume !== null);
  const footer = resumable
    ? `\n\nresume the newest unfinished run with: ${pc.bold(resumable.resume ?? "")}`
    : "";
  return `${renderTable(rows, [
    { header: "run", value: (row) => row.id },
    { header: "book", value: (row) => row.book, flexible: true },
    { header: "status", value: (row) => color(row.status) },
    { header: "tasks", value: (row) => `${row.tasksDone}/${row.tasksTotal}`, align: "right" },
    { header: "spent", value: (row) => `$${row.spentUsd.toFixed(2)}`, align: "right" },
    { header: "started", value: (row) => row.startedAt.slice(0, 16).replace("T", " ") },
  ])}${footer}`;
}
