import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type Database from "better-sqlite3";
import { isLitinkError } from "../errors/app-error.js";
import { litinkError } from "../errors/catalog.js";
import { type Migration, migrations } from "./migrations/index.js";

export type Db = Database.Database;

/**
 * Opens `<home>/litink.db` (WAL, foreign keys on) and applies pending migrations. A database
 * written by a newer litink is refused rather than guessed at.
 */
export async function openStore(
  home: string,
  list: readonly Migration[] = migrations,
): Promise<Db> {
  const file = join(home, "litink.db");
  const { default: BetterSqlite3 } = await import("better-sqlite3");
  let db: Db | undefined;
  try {
    ensureFolder(home);
    db = new BetterSqlite3(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    migrate(db, list, file);
    return db;
  } catch (error) {
    db?.close();
    if (isLitinkError(error)) throw error;
    throw litinkError("StoreFailed", { file, detail: (error as Error).message }, error);
  }
}

/**
 * Creates the folder one level at a time: `mkdirSync(recursive)` spins forever where mkdir
 * answers ENOENT for a parent that exists (e.g. below /proc), and this fails instead.
 */
export function ensureFolder(home: string): void {
  const missing: string[] = [];
  let folder = home;
  while (!existsSync(folder) && dirname(folder) !== folder) {
    missing.unshift(folder);
    folder = dirname(folder);
  }
  if (!statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder`);
  for (const path of missing) mkdirSync(path);
}

/**
 * Applies pending migrations. `BEGIN IMMEDIATE` takes the write lock before reading the
 * current version, so two processes opening a new database at once do not both migrate.
 */
export function migrate(db: Db, list: readonly Migration[], file: string): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const newest = list.at(-1)?.version ?? 0;
  const record = db.prepare(
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
  );
  db.transaction(() => {
    const current = schemaVersion(db);
    if (current > newest) {
      throw litinkError("StoreFailed", {
        file,
        detail: `it was written by a newer litink (schema ${current}, this one knows ${newest}); upgrade litink`,
      });
    }
    for (const migration of list) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
  }).immediate();
}

export function schemaVersion(db: Db): number {
  const row = db.prepare("SELECT MAX(version) AS version FROM schema_migrations").get() as {
    version: number | null;
  };
  return row.version ?? 0;
}
