/**
 * One event stream per invocation; reporters (human, JSON) subscribe to it. Events are
 * noun-verb (`task-start`), and every event carries `type` and an ISO `ts` (DESIGN.md §4).
 */
export interface LitinkEvent {
  type: string;
  ts: string;
  [field: string]: unknown;
}

export type Listener = (event: LitinkEvent) => void;

export class EventBus {
  readonly #listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(type: string, fields: Record<string, unknown> = {}): void {
    const event: LitinkEvent = { type, ts: new Date().toISOString(), ...fields };
    for (const listener of this.#listeners) listener(event);
  }
}
