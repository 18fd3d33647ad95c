// From one run's NDJSON events and its screenplays: the task graph as it ran, the lower bound
// on its wall time, and where the run lost time against it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const LIMITS = { remote: 4, local: 2 }; // src/pipeline/runner-limits.ts defaults

/**
 * The dependencies each task had (src/pipeline/plan.ts and plan-media.ts): ingest → index →
 * bible → adapt per chapter → that chapter's media (created when its adapt ends) → a clip
 * after its shot's image and the speech of its lines. A portrait belongs to no chapter; it is
 * created by the first adapt that names it, so it waits for the earliest adapt to end.
 */
export function graphOf(ends, scriptFolder) {
  const lineShot = new Map();
  for (const file of readdirSync(scriptFolder).filter((name) => name.endsWith(".json")))
    for (const scene of JSON.parse(readFileSync(join(scriptFolder, file), "utf8")).scenes ?? [])
      for (const line of scene.lines ?? []) if (line.shot) lineShot.set(line.id, line.shot);
  const adapts = ends.filter((end) => end.kind === "adapt");
  const firstAdapt = adapts.sort((a, b) => a.endAt - b.endAt)[0]?.task;
  const inputs = new Map();
  for (const end of ends) {
    const [kind, id = ""] = end.task.split(":");
    const chapter = /^ch\d+/.exec(id)?.[0];
    let needs = [];
    if (kind === "index") needs = ["ingest"];
    else if (kind === "bible") needs = ["index"];
    else if (kind === "adapt") needs = ["bible"];
    else if (kind === "portrait") needs = firstAdapt ? [firstAdapt] : [];
    else if (kind === "image" || kind === "speech") needs = [`adapt:${chapter}`];
    else if (kind === "clip") {
      const lines = [...lineShot].filter(([, shot]) => shot === id).map(([line]) => line);
      needs = [`adapt:${chapter}`, `image:${id}`, ...lines.map((line) => `speech:${line}`)];
    }
    inputs.set(end.task, needs);
  }
  return inputs;
}

/** The pool whose capacity a task's measured time used: the provider that did the work. */
export function poolOf(end) {
  if (!end.provider || end.provider === "local") return "local";
  return `${end.provider}:${modalityOf(end.kind)}`;
}

function modalityOf(kind) {
  if (kind === "bible" || kind === "adapt") return "text";
  if (kind === "portrait" || kind === "image") return "image";
  if (kind === "clip") return "video";
  return kind;
}

/**
 * Each video task's poll lateness (ms between the job being done at the emulator and the
 * client's fetch that saw it), by task id: from the run's `job-start` events (key → job id),
 * its store (`run_tasks`: task → key) and the emulator's video clock (job id → lateness).
 */
export function pollLateness(events, taskKeys, videoJobs) {
  const jobOfKey = new Map(
    events.filter((event) => event.type === "job-start").map((event) => [event.key, event.jobId]),
  );
  const lateness = new Map();
  for (const [task, key] of taskKeys) {
    const job = videoJobs.get(String(jobOfKey.get(key)));
    if (job?.latenessMs != null) lateness.set(task, { ms: job.latenessMs, polls: job.polls });
  }
  return lateness;
}

/** Lower bound = max(critical path, Σ work per pool ÷ its concurrency), from measured times. */
export function lowerBound(ends, inputs, poolFor = poolOf) {
  const byTask = new Map(ends.map((end) => [end.task, end]));
  const finish = new Map();
  const longest = (task) => {
    if (finish.has(task)) return finish.get(task);
    const needs = (inputs.get(task) ?? []).filter((need) => byTask.has(need));
    const value = Math.max(0, ...needs.map(longest)) + (byTask.get(task)?.ms ?? 0);
    finish.set(task, value);
    return value;
  };
  const criticalMs = Math.max(0, ...ends.map((end) => longest(end.task)));
  const pools = {};
  for (const end of ends) {
    const pool = poolFor(end);
    pools[pool] ??= { tasks: 0, workMs: 0, limit: pool === "local" ? LIMITS.local : LIMITS.remote };
    pools[pool].tasks += 1;
    pools[pool].workMs += end.ms;
  }
  for (const pool of Object.values(pools)) pool.boundMs = pool.workMs / pool.limit;
  const poolMs = Math.max(0, ...Object.values(pools).map((pool) => pool.boundMs));
  // Not the formula, a tighter floor shown beside it: no task of a pool can start
  // before the longest chain into it has finished, so the pool's work starts that late.
  for (const [name, pool] of Object.entries(pools)) {
    const members = ends.filter((end) => poolFor(end) === name);
    pool.earliestStartMs = Math.min(...members.map((end) => longest(end.task) - end.ms));
  }
  const releasedMs = Math.max(
    0,
    ...Object.values(pools).map((pool) => pool.earliestStartMs + pool.boundMs),
  );
  return { criticalMs, poolMs, boundMs: Math.max(criticalMs, poolMs), releasedMs, pools };
}

/**
 * Where the wall time went: per pool, the time its tasks sat ready (every input finished)
 * before they started, and the stretches of the run during which nothing ran at all.
 */
export function waits(ends, inputs, runStart, runEnd) {
  const byTask = new Map(ends.map((end) => [end.task, end]));
  const perPool = {};
  for (const end of ends) {
    const ready = Math.max(
      runStart,
      ...(inputs.get(end.task) ?? []).map((need) => byTask.get(need)?.endAt ?? runStart),
    );
    const pool = poolOf(end);
    perPool[pool] ??= { readyWaitMs: 0, maxRunning: 0, firstStartMs: Infinity, lastEndMs: 0 };
    perPool[pool].readyWaitMs += Math.max(0, end.startAt - ready);
    perPool[pool].firstStartMs = Math.min(perPool[pool].firstStartMs, end.startAt - runStart);
    perPool[pool].lastEndMs = Math.max(perPool[pool].lastEndMs, end.endAt - runStart);
  }
  for (const pool of Object.keys(perPool)) {
    const spans = ends.filter((end) => poolOf(end) === pool);
    for (const span of spans) {
      const running = spans.filter((o) => o.startAt <= span.startAt && o.endAt > span.startAt);
      perPool[pool].maxRunning = Math.max(perPool[pool].maxRunning, running.length);
    }
  }
  const spans = ends.map((end) => [end.startAt, end.endAt]).sort((a, b) => a[0] - b[0]);
  let idleMs = 0;
  let covered = runStart;
  for (const [start, end] of spans) {
    if (start > covered) idleMs += start - covered;
    covered = Math.max(covered, end);
  }
  idleMs += Math.max(0, runEnd - covered);
  return { perPool, idleMs, firstTaskMs: (spans[0]?.[0] ?? runStart) - runStart };
}

/** task-start/task-end events paired, with epoch milliseconds. */
export function taskSpans(events) {
  const starts = new Map();
  for (const event of events)
    if (event.type === "task-start") starts.set(event.task, Date.parse(event.ts));
  return events
    .filter((event) => event.type === "task-end" && event.status === "done")
    .map((event) => ({
      ...event,
      endAt: Date.parse(event.ts),
      startAt: starts.get(event.task) ?? Date.parse(event.ts) - event.ms,
    }));
}
