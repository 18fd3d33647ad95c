// Scheduler benchmark, on the built code (dist/): runGraph's own overhead on synthetic graphs
// of instant tasks (no I/O, no provider), shaped like a book's: ingest → index → bible → adapt
// per chapter → per shot an image (remote pool), per line a speech (another remote pool), and
// a clip (local pool) after its image and speech. Two shapes per size:
// - planned: every task known up front;
// - expanding: each adapt task makes its chapter's media known (onExpand), as in a real run;
// - one pool: planned, but every task on the local pool (2 at a time), as the review measured.
// Prints a table and writes bench/results/scheduler.json.
// Usage: node bench/scheduler.js [dist folder, default ../dist] [sizes, default 2000,8000,24000]
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.argv[2] ?? join(here, "../dist"));
const sizes = (process.argv[3] ?? "2000,8000,24000").split(",").map(Number);
const { runGraph } = await import(pathToFileURL(join(dist, "pipeline/runner.js")).href);

const SHOTS_PER_CHAPTER = 60;

function task(id, kind, stage, chain, modality, inputs, chapter, seconds) {
  return {
    id,
    kind,
    version: 1,
    stage,
    chapter,
    scene: null,
    modality,
    chain,
    params: {},
    inputs,
    estimate: { usd: 0, seconds },
  };
}

/** About `size` tasks: the head of the book, then chapters of 60 shots (3 tasks each). */
function bookOf(size, onePool) {
  const chain = (ref) => (onePool ? [] : [ref]);
  const head = [
    task("ingest", "ingest", "ingest", [], null, [], null, 1),
    task("index", "index", "index", [], null, ["ingest"], null, 5),
    task("bible", "bible", "bible", chain("openrouter:m"), "text", ["index"], null, 20),
  ];
  const adapts = [];
  const media = new Map();
  let count = head.length;
  for (let chapter = 1; count < size; chapter++) {
    const adapt = `adapt:ch${chapter}`;
    adapts.push(
      task(adapt, "adapt", "adapt", chain("openrouter:m"), "text", ["bible"], chapter, 30),
    );
    count += 1;
    const tasks = [];
    for (let shot = 1; shot <= SHOTS_PER_CHAPTER && count < size; shot++) {
      const id = `ch${chapter}-sh${shot}`;
      const image = task(
        `image:${id}`,
        "image",
        "media",
        chain("modelslab:f"),
        "image",
        [],
        chapter,
        8,
      );
      const speech = task(
        `speech:${id}`,
        "speech",
        "media",
        chain("eleven:v"),
        "speech",
        [],
        chapter,
        3,
      );
      const inputs = [image.id, speech.id];
      tasks.push(image, speech, task(`clip:${id}`, "clip", "media", [], null, inputs, chapter, 2));
      count += 3;
    }
    media.set(adapt, tasks);
  }
  return { head: [...head, ...adapts], media };
}

function graphOf(tasks) {
  return {
    tasks,
    dependencies: tasks.flatMap((each) => each.inputs.map((from) => [from, each.id])),
  };
}

async function timeRun(size, expanding, onePool = false) {
  const { head, media } = bookOf(size, onePool);
  const all = expanding ? head : [...head, ...[...media.values()].flat()];
  const output = { artifacts: {}, values: {} };
  const started = performance.now();
  const result = await runGraph(graphOf(all), {
    context: {},
    cache: { get: () => null, commit() {}, lastParts: () => null },
    executorFor: () => async () => ({ output, costUsd: 0 }),
    materialize: async () => [],
    cachedKinds: new Set(),
    events: { emit() {} },
    ...(expanding ? { onExpand: (adapt) => media.get(adapt.id) ?? [] } : {}),
  });
  const ms = performance.now() - started;
  if (result.status !== "done") throw new Error(`${size} tasks ended ${result.status}`);
  return { tasks: result.records.length, ms };
}

const rows = [];
for (const size of sizes) {
  const planned = await timeRun(size, false);
  const expanding = await timeRun(size, true);
  const onePool = await timeRun(size, false, true);
  rows.push({
    size,
    tasks: planned.tasks,
    plannedMs: planned.ms,
    expandingMs: expanding.ms,
    onePoolMs: onePool.ms,
  });
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `${"tasks".padStart(7)} ${"planned".padStart(10)} ${"expanding".padStart(10)} ${"one pool".padStart(10)}`,
);
for (const row of rows)
  console.log(
    `${String(row.tasks).padStart(7)} ${seconds(row.plannedMs).padStart(10)} ${seconds(row.expandingMs).padStart(10)} ${seconds(row.onePoolMs).padStart(10)}`,
  );
console.log(
  `\nInstant executors: the time is the scheduler's own (ready tasks, pools, priorities, records, events). "expanding": the media of each chapter are added when its adapt task ends. "one pool": every task local (2 at a time), the review's shape. Code: ${dist}.`,
);

mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(
  join(here, "results/scheduler.json"),
  `${JSON.stringify({ bench: "scheduler", date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, dist: relative(join(here, ".."), dist), rows }, null, 2)}\n`,
);
