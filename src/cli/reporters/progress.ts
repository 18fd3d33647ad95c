import pc from "picocolors";
import type { LitinkEvent } from "../../events/bus.js";
import type { CommandContext } from "../context.js";
import { ProgressState } from "./progress-state.js";

/**
 * `generate`'s progress. On a TTY a listr2 task per book whose output lists each chapter and
 * stage with its counts, the running cost against the budget, the ETA and fallbacks as they
 * happen; off a TTY plain lines (failures, fallbacks, each stage as it completes); with
 * --json or --quiet nothing (the JSON reporter streams every event already). Returns a stop.
 */
export function progressReporter(context: CommandContext): () => Promise<void> {
  if (context.options.json || context.options.quiet) return async () => {};
  const state = new ProgressState();
  if (process.stderr.isTTY) return listView(context, state);
  const unsubscribe = context.bus.subscribe((event) => {
    state.onEvent(event);
    const line = plainLine(event, state);
    if (line) process.stderr.write(`${line}\n`);
  });
  return async () => {
    unsubscribe();
  };
}

/** How often (in finished tasks) a plain progress line is printed. */
const EVERY = 25;

function plainLine(event: LitinkEvent, state: ProgressState): string | null {
  switch (event.type) {
    case "run-start":
      return `${pc.bold(String(event.book))} run ${String(event.runId)} (tier ${String(event.tier)})`;
    case "task-end": {
      if (event.status === "failed")
        return `${pc.red("failed")} ${String(event.task)}: ${String(event.reason ?? "")}`;
      const { finished, known, cached } = state.totals();
      if (finished % EVERY !== 0) return null;
      return `  ${finished}/${known} tasks (${cached} cached) · ${state.costLine()}`;
    }
    case "fallback":
      return `${pc.yellow("fallback")} ${String(event.modality)}: ${String(event.from)} → ${String(event.to)}`;
    case "run-end": {
      const groups = [...state.groups.values()].map(
        (group) =>
          `  ${group.label}: ${group.finished} tasks, ${group.cached} cached${group.failed ? pc.red(`, ${group.failed} failed`) : ""}`,
      );
      return [
        ...groups,
        `${String(event.status)} · ${String(event.calls)} calls · ${String(event.cached)} cached · ${state.costLine()}`,
      ].join("\n");
    }
    default:
      return null;
  }
}

/** The TTY view: one listr2 task per book, open from its first task to its run-end. */
function listView(context: CommandContext, state: ProgressState): () => Promise<void> {
  let close: (() => void) | null = null;
  let redraw: (() => void) | null = null;
  const pending: Array<Promise<unknown>> = [];
  const unsubscribe = context.bus.subscribe((event) => {
    state.onEvent(event);
    // Opened at the first task, not at run-start: the budget question may come in between.
    if (event.type === "task-start" && close === null) {
      const finished = new Promise<void>((resolve) => {
        close = resolve;
      });
      pending.push(startList(state, finished, (update) => (redraw = update)));
    } else if (event.type === "run-end") {
      redraw?.();
      close?.();
      close = null;
    } else {
      redraw?.();
    }
  });
  return async () => {
    unsubscribe();
    close?.();
    // The list's last frame is drawn before the result is printed below it.
    await Promise.all(pending);
  };
}

async function startList(
  state: ProgressState,
  finished: Promise<void>,
  onRedraw: (update: () => void) => void,
) {
  const { Listr } = await import("listr2");
  const list = new Listr(
    [
      {
        title: `${state.book} ${pc.dim(state.runId)}`,
        task: async (_context, task) => {
          onRedraw(() => {
            task.title = `${state.book} ${pc.dim(state.runId)} · ${state.costLine()}`;
            task.output = [...state.groups.values()]
              .map((group) => {
                const mark =
                  group.failed > 0
                    ? pc.red("✖")
                    : group.finished === group.known && group.running === 0
                      ? pc.green("✔")
                      : pc.cyan("…");
                return `${mark} ${group.label} ${group.finished}/${group.known}${group.cached ? pc.dim(` (${group.cached} cached)`) : ""}`;
              })
              .concat(state.fallbacks.slice(-3).map((line) => pc.yellow(`fallback ${line}`)))
              .join("\n");
          });
          await finished;
        },
        rendererOptions: { outputBar: Infinity, persistentOutput: true },
      },
    ],
    {
      exitOnError: false,
      // listr2's own Ctrl-C handler calls process.exit(127): the run's handler must stop
      // scheduling, let calls in flight finish, record "interrupted" and exit 75 instead.
      registerSignalListeners: false,
      rendererOptions: { collapseSubtasks: false },
    },
  );
  await list.run().catch(() => undefined);
}
