import type { Task, TaskGraph } from "./graph.js";

/**
 * Order over the task graph. Edges come from `dependencies` and every task's `inputs` (they
 * mirror each other; taking both keeps a hand-built graph honest). An edge to a task outside
 * the graph is ignored: that task is done already or planned later, and neither orders these.
 */

function edgesOf(graph: TaskGraph): { known: Map<string, Task>; after: Map<string, string[]> } {
  const known = new Map(graph.tasks.map((task) => [task.id, task]));
  const after = new Map<string, string[]>(graph.tasks.map((task) => [task.id, []]));
  const seen = new Set<string>();
  const edges = [
    ...graph.dependencies,
    ...graph.tasks.flatMap((task) => task.inputs.map((from): [string, string] => [from, task.id])),
  ];
  for (const [from, to] of edges) {
    const key = `${from}\u0000${to}`;
    if (seen.has(key) || !known.has(from) || !known.has(to)) continue;
    seen.add(key);
    after.get(from)?.push(to);
  }
  return { known, after };
}

/**
 * Tasks so that each comes after every task it reads; ties keep the graph's order. A cycle
 * is a planner bug, never a user's mistake: it throws, naming the tasks caught in it.
 */
export function topologicalOrder(graph: TaskGraph): Task[] {
  const { known, after } = edgesOf(graph);
  const waiting = new Map<string, number>(graph.tasks.map((task) => [task.id, 0]));
  for (const targets of after.values())
    for (const to of targets) waiting.set(to, (waiting.get(to) ?? 0) + 1);
  const ready = graph.tasks.filter((task) => waiting.get(task.id) === 0).map((task) => task.id);
  const order: Task[] = [];
  for (let next = 0; next < ready.length; next++) {
    const id = ready[next] as string;
    order.push(known.get(id) as Task);
    for (const to of after.get(id) ?? []) {
      const left = (waiting.get(to) ?? 0) - 1;
      waiting.set(to, left);
      if (left === 0) ready.push(to);
    }
  }
  if (order.length < known.size) {
    const stuck = [...waiting].filter(([, count]) => count > 0).map(([id]) => id);
    throw new Error(
      `the task graph has a cycle through ${stuck.slice(0, 8).join(", ")}${stuck.length > 8 ? ", …" : ""} (a planner bug)`,
    );
  }
  return order;
}

/**
 * For each task, the longest estimated seconds from its start to the end of any task that
 * (transitively) reads it, its own seconds included. The runner starts the largest first.
 * `tails`: seconds known to follow a task beyond the graph (an adapt task's media, not
 * planned yet: `projectedTails`).
 */
export function criticalPath(
  graph: TaskGraph,
  tails: ReadonlyMap<string, number> = new Map(),
): Map<string, number> {
  const { after } = edgesOf(graph);
  const order = topologicalOrder(graph);
  const longest = new Map<string, number>();
  for (let position = order.length - 1; position >= 0; position--) {
    const task = order[position] as Task;
    let tail = tails.get(task.id) ?? 0;
    for (const id of after.get(task.id) ?? []) tail = Math.max(tail, longest.get(id) ?? 0);
    longest.set(task.id, task.estimate.seconds + tail);
  }
  return longest;
}
