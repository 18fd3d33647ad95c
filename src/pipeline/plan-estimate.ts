import type { Modality } from "../providers/spec/shared.js";
import { type Stage, stages, type TaskGraph } from "./graph.js";
import type { Estimate, PlanInput } from "./plan.js";
import { concurrencyOf } from "./plan-constants.js";
import { providerOf, round } from "./plan-cost.js";
import { projectChapter, unadaptedChapters } from "./plan-projection.js";

/**
 * `litink estimate`: the graph priced, plus a projection of the media of chapters not adapted
 * yet (their screenplays do not exist, so their shots and lines are guessed from the target
 * length). Time is an estimate, not a schedule: per stage, the busiest provider's work
 * divided by its default concurrency (never less than the stage's longest task), summed over
 * stages. Stages overlap in a real run, so this leans long.
 */

interface Priced {
  stage: Stage;
  chain: readonly string[];
  modality: Modality | null;
  usd: number;
  seconds: number;
  cached: boolean;
}

export function estimateOf(
  input: PlanInput,
  graph: TaskGraph,
  cached: ReadonlySet<string>,
): Estimate {
  const items: Priced[] = graph.tasks.map((task) => {
    const hit = cached.has(task.id);
    return {
      stage: task.stage,
      chain: task.chain,
      modality: task.modality,
      usd: hit ? 0 : task.estimate.usd,
      seconds: hit ? 0 : task.estimate.seconds,
      cached: hit,
    };
  });
  items.push(...projectedMedia(input, graph));

  const byStage: Estimate["byStage"] = {};
  const byModel: Estimate["byModel"] = {};
  for (const stage of stages) {
    const inStage = items.filter((item) => item.stage === stage);
    if (inStage.length === 0) continue;
    byStage[stage] = {
      tasks: inStage.length,
      cachedTasks: inStage.filter((item) => item.cached).length,
      usd: round(sum(inStage.map((item) => item.usd)), 6),
      seconds: round(stageSeconds(inStage), 1),
    };
  }
  for (const item of items) {
    const model = item.chain[0] ?? "none";
    const entry = byModel[model] ?? { tasks: 0, cachedTasks: 0, usd: 0 };
    entry.tasks += 1;
    entry.cachedTasks += item.cached ? 1 : 0;
    entry.usd = round(entry.usd + item.usd, 6);
    byModel[model] = entry;
  }
  return {
    tier: input.tier,
    tasks: items.length,
    cachedTasks: items.filter((item) => item.cached).length,
    estimatedUsd: round(sum(items.map((item) => item.usd)), 6),
    estimatedSeconds: round(sum(Object.values(byStage).map((stage) => stage.seconds)), 1),
    byStage,
    byModel,
  };
}

/** Wall time of one stage: the busiest pool (runner-limits.ts), or its longest task. */
function stageSeconds(items: readonly Priced[]): number {
  const work = new Map<string, { provider: string; seconds: number }>();
  for (const item of items) {
    const provider = providerOf(item.chain[0]);
    // As the runner pools them: local work shares this machine's cores, whatever its modality.
    const group = provider === "local" ? "local" : `${provider}:${item.modality ?? "none"}`;
    const entry = work.get(group) ?? { provider, seconds: 0 };
    entry.seconds += item.seconds;
    work.set(group, entry);
  }
  let longest = 0;
  for (const entry of work.values())
    longest = Math.max(longest, entry.seconds / concurrencyOf(entry.provider));
  for (const item of items) longest = Math.max(longest, item.seconds);
  return longest;
}

function projectedMedia(input: PlanInput, graph: TaskGraph): Priced[] {
  return unadaptedChapters(input, graph).flatMap((chapter) =>
    projectChapter(input, chapter).flatMap(({ kind, chain, modality, count, estimate }) =>
      Array.from(
        { length: count },
        (): Priced => ({
          stage: kind === "render" ? "render" : "media",
          chain,
          modality,
          ...estimate,
          cached: false,
        }),
      ),
    ),
  );
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
