import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import type { UsageRow, UsageSummary, UsageTotal } from "../../ledger/usage.js";
import { contextWithConfig, examples } from "../options.js";
import { parseSince } from "../since.js";
import { renderTable } from "../table.js";

export function register(program: Command): void {
  const command = program
    .command("usage")
    .description("the cost ledger: spending by day, model, book and run")
    .option("--since <when>", "only calls from then on: 30m, 24h, 7d, 2w or a date (2026-11-01)")
    .action(async (options: { since?: string }, self: Command) => {
      const { context, loaded } = await contextWithConfig(self);
      const since = options.since === undefined ? undefined : parseSince(options.since);
      const result = await readUsage(loaded.home, since);
      context.result("usage", result, renderUsage);
    });
  examples(command, [
    ["litink usage", "everything recorded in this project's ledger"],
    ["litink usage --since 7d", "the last seven days"],
    ["litink usage --json | tail -1", "{totalUsd, rows, byDay, byModel, byBook, byRun}"],
  ]);
}

interface UsageResult extends UsageSummary {
  [field: string]: unknown;
  since: string | null;
  rows: UsageRow[];
}

/** Reads the ledger without creating a state folder where none exists. */
async function readUsage(home: string, since: Date | undefined): Promise<UsageResult> {
  const empty = { totalUsd: 0, calls: 0, byDay: [], byModel: [], byBook: [], byRun: [] };
  if (!existsSync(join(home, "litink.db")))
    return { ...empty, since: since?.toISOString() ?? null, rows: [] };
  const { openStore } = await import("../../store/db.js");
  const { usageRows, usageSummary } = await import("../../ledger/usage.js");
  const db = await openStore(home);
  try {
    const filter = since ? { since } : {};
    return {
      ...usageSummary(db, filter),
      since: since?.toISOString() ?? null,
      rows: usageRows(db, filter),
    };
  } finally {
    db.close();
  }
}

function renderUsage(result: UsageResult): string {
  const window = result.since ? ` since ${result.since.slice(0, 16).replace("T", " ")} UTC` : "";
  const header = `${pc.bold(usd(result.totalUsd))} in ${result.calls} call${result.calls === 1 ? "" : "s"}${window}`;
  if (result.calls === 0) return `${header}\nNothing spent yet.`;
  const section = (title: string, totals: UsageTotal[]) =>
    `${pc.bold(title)}\n${renderTable(totals, [
      { header: "", value: (total) => total.key ?? "(none)", flexible: true },
      { header: "calls", value: (total) => String(total.calls), align: "right" },
      { header: "cached", value: (total) => String(total.cachedCalls), align: "right" },
      { header: "USD", value: (total) => usd(total.usd), align: "right" },
    ])}`;
  return [
    header,
    section("By day", result.byDay),
    section("By model", result.byModel),
    section("By book", result.byBook),
    section("By run", result.byRun),
  ].join("\n\n");
}

function usd(value: number): string {
  return `$${value.toFixed(value > 0 && value < 0.01 ? 4 : 2)}`;
}
