import type { Command } from "commander";
import pc from "picocolors";
import { loadConfig } from "../../config/load.js";
import type { DoctorReport } from "../../doctor/checks.js";
import { ExitCode } from "../../errors/exit-codes.js";
import { commandContext, examples } from "../options.js";
import { renderTable } from "../table.js";

export function register(program: Command): void {
  const command = program
    .command("doctor")
    .description(
      "check the local set-up: Node, ffmpeg/ffprobe, sqlite-vec, state folder, config and keys",
    )
    .option(
      "--live",
      "also make one tiny call per configured provider and modality (may cost a few cents)",
    )
    .option(
      "--tier <tier>",
      "the tier whose chains --live checks (default: LITINK_TIER, config, local)",
    )
    .option("--offline", "same as --tier local")
    .action(
      async (options: { live?: boolean; tier?: string; offline?: boolean }, self: Command) => {
        const context = await commandContext(self);
        const { runDoctor } = await import("../../doctor/checks.js");
        const report = await runDoctor({
          env: context.env,
          loadConfig: () => loadConfig({ cwd: context.cwd, env: context.env }),
          ...(options.live ? { live: { tier: options.tier, offline: options.offline } } : {}),
        });
        context.result("doctor", report, renderDoctor);
        if (!report.ok) {
          const configBroken = report.checks.some((check) => check.name === "config" && !check.ok);
          process.exitCode = configBroken ? ExitCode.config : ExitCode.unavailable;
        }
      },
    );
  examples(command, [
    ["litink doctor", "a table of checks; exit 0 when all pass"],
    ["litink doctor --json | tail -1", "{ok, checks, config} with where each setting came from"],
    ["litink doctor --live --tier basic", "calls each configured provider of the basic tier once"],
  ]);
  command.addHelpText(
    "after",
    "\nExit status: 0 all checks pass, 78 the config is invalid, 69 a required tool or provider is unavailable.\nKeys are shown only as present or absent.",
  );
}

function renderDoctor(report: DoctorReport): string {
  const checks = renderTable(report.checks, [
    { header: "", value: (check) => (check.ok ? pc.green("✔") : pc.red("✖")) },
    { header: "check", value: (check) => check.name },
    { header: "detail", value: (check) => check.detail, flexible: true },
  ]);
  const settings = renderTable(Object.entries(report.config), [
    { header: "setting", value: ([key]) => key },
    { header: "value", value: ([, entry]) => String(entry.value), flexible: true },
    { header: "from", value: ([, entry]) => entry.source },
  ]);
  const verdict = report.ok
    ? pc.green("All checks passed.")
    : pc.red("Some checks failed; see the details above.");
  return `${checks}\n\n${settings}\n\n${verdict}`;
}
