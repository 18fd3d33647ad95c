import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { type Db, openStore } from "../../../src/store/db.js";
import { CallLog } from "./fake-models.js";

/** A store in a fresh temp folder; `connect()` opens another connection (another "process"). */
export interface TempStore {
  home: string;
  db: Db;
  connect(): Promise<Db>;
  close(): void;
}

export async function tempStore(): Promise<TempStore> {
  const home = mkdtempSync(join(tmpdir(), "litink-middleware-"));
  const connections: Db[] = [];
  const connect = async () => {
    const db = await openStore(home);
    connections.push(db);
    return db;
  };
  const db = await connect();
  return {
    home,
    db,
    connect,
    close() {
      for (const connection of connections) if (connection.open) connection.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Collects emitted events for assertions. */
export class EventLog {
  readonly events: Array<{ type: string } & Record<string, unknown>> = [];
  emit(type: string, fields: Record<string, unknown>): void {
    this.events.push({ type, ...fields });
  }
  ofType(type: string): Array<Record<string, unknown>> {
    return this.events.filter((event) => event.type === type);
  }
}

/** A small seeded generator (mulberry32), so a failing soak iteration can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A fresh store, call log and event log before each test, the store closed after: the setup
 * every middleware test shares. `assign` receives them (`(fresh) => ({ store, log, events } = fresh)`).
 */
export function useMiddlewareState(
  assign: (fresh: { store: TempStore; log: CallLog; events: EventLog }) => void,
): void {
  let store: TempStore | undefined;
  beforeEach(async () => {
    store = await tempStore();
    assign({ store, log: new CallLog(), events: new EventLog() });
  });
  afterEach(() => store?.close());
}
