import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { litinkError } from "../errors/catalog.js";
import { type Migration, migrations } from "./migrations/index.js";

export type Db = Database.Database;

/**
 * Opens `<home>/litink.db` (WAL, foreign keys on) and applies pending migrations in one
 * transaction each. A database written by a newer litink is refused rather than guessed at.
 */
export async function openStore(
  home: string,
  list: readonly Migration[] = migrations,
): Promise<Db> {
  const file = join(home, "litink.db");
  const { default: BetterSqlite3 } = await import("better-sqlite3");
  let db: Db;
  try {
    mkdirSync(home, { recursive: true });
    db = new BetterSqlite3(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
  } catch (error) {
    throw litinkError("StoreFailed", { file, detail: (error as Error).message }, error);
  }
  migrate(db, list, file);
  return db;
}

export function migrate(db: Db, list: readonly Migration[], file: string): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const applied = db.prepare("SELECT MAX(version) AS version FROM schema_migrations").get() as {
    version: number | null;
  };
  const current = applied.version ?? 0;
  const newest = list.at(-1)?.version ?? 0;
  if (current > newest) {
    db.close();
    throw litinkError("StoreFailed", {
      file,
      detail: `it was written by a newer litink (schema ${current}, this one knows ${newest}); upgrade litink`,
    });
  }
  const record = db.prepare(
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
  );
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
}

export function schemaVersion(db: Db): number {
  const row = db.prepare("SELECT MAX(version) AS version FROM schema_migrations").get() as {
    version: number | null;
  };
  return row.version ?? 0;
}
