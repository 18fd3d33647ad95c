/** One entry of a pool's queue: a ready task and the priority it was queued with. */
export interface QueueEntry {
  id: string;
  priority: number;
}

/** Higher priority first; ties by id, so a run's order does not depend on arrival order. */
export function comesBefore(a: QueueEntry, b: QueueEntry): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.id < b.id);
}

/**
 * A binary max-heap of ready tasks: push and pop in O(log n). The scheduler keeps one per
 * concurrency pool. Entries are never updated in place: a task whose priority rose is pushed
 * again, and the scheduler drops the stale entry when it surfaces (`peek` + `pop`).
 */
export class TaskQueue {
  readonly #heap: QueueEntry[] = [];

  get size(): number {
    return this.#heap.length;
  }

  peek(): QueueEntry | undefined {
    return this.#heap[0];
  }

  push(entry: QueueEntry): void {
    const heap = this.#heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!comesBefore(entry, heap[parent] as QueueEntry)) break;
      heap[index] = heap[parent] as QueueEntry;
      index = parent;
    }
    heap[index] = entry;
  }

  pop(): QueueEntry | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && comesBefore(heap[right] as QueueEntry, heap[left] as QueueEntry)
          ? right
          : left;
      if (!comesBefore(heap[child] as QueueEntry, last)) break;
      heap[index] = heap[child] as QueueEntry;
      index = child;
    }
    heap[index] = last;
    return top;
  }
}
