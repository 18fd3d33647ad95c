import type { TaskGraph } from "./graph.js";

/**
 * For each task, the longest sum of estimated seconds from its start to the end of the graph
 * (itself included). The scheduler starts the task with the longest remaining path first, so
 * the chain that bounds the wall time never waits behind work that has slack. Used until
 * (or unless) the planner exports its own `criticalPath`.
 */
export function localCriticalPath(graph: TaskGraph): Map<string, number> {
  const dependents = new Map<string, string[]>();
  for (const task of graph.tasks) for (const input of task.inputs) push(dependents, input, task.id);
  for (const [from, to] of graph.dependencies) {
    const list = dependents.get(from);
    if (!list?.includes(to)) push(dependents, from, to);
  }
  const seconds = new Map(graph.tasks.map((task) => [task.id, task.estimate.seconds]));
  const result = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = result.get(id);
    if (known !== undefined) return known;
    // A cycle is the planner's bug; it must not hang the scheduler.
    if (visiting.has(id)) return 0;
    visiting.add(id);
    let longest = 0;
    for (const next of dependents.get(id) ?? []) longest = Math.max(longest, visit(next));
    visiting.delete(id);
    const total = (seconds.get(id) ?? 0) + longest;
    result.set(id, total);
    return total;
  };
  for (const task of graph.tasks) visit(task.id);
  return result;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
