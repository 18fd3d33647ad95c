import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { litinkError } from "../errors/catalog.js";
import { ensureFolder } from "../store/db.js";

export type IndexDb = Database.Database;

/**
 * Forward-only migrations of `index.db` (DESIGN.md §8). The index is derived data, so a file
 * from a newer litink or a damaged one is moved aside and rebuilt rather than refused.
 * Vector tables are not here: there is one per embedder and dimension, made on demand
 * (see vec-tables.ts).
 */
const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
    CREATE TABLE books (
      book_key TEXT PRIMARY KEY,
      path TEXT NOT NULL,
      title TEXT,
      file_id TEXT NOT NULL,
      passage_count INTEGER NOT NULL DEFAULT 0,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE chapters (
      row INTEGER PRIMARY KEY,
      book_key TEXT NOT NULL REFERENCES books(book_key) ON DELETE CASCADE,
      chapter_key TEXT NOT NULL,
      chapter_id TEXT NOT NULL,
      position INTEGER NOT NULL,
      chapter_index INTEGER,
      kind TEXT NOT NULL,
      title TEXT NOT NULL,
      embedder TEXT NOT NULL,
      dimensions INTEGER NOT NULL,
      vec_table TEXT NOT NULL,
      passage_count INTEGER NOT NULL,
      UNIQUE (book_key, chapter_key)
    ) STRICT;
    CREATE INDEX chapters_by_position ON chapters (book_key, position);
    CREATE TABLE passages (
      rowid INTEGER PRIMARY KEY,
      chapter_row INTEGER NOT NULL REFERENCES chapters(row) ON DELETE CASCADE,
      ordinal INTEGER NOT NULL,
      start INTEGER NOT NULL,
      end INTEGER NOT NULL,
      text TEXT NOT NULL
    ) STRICT;
    CREATE INDEX passages_by_chapter ON passages (chapter_row, ordinal);
    CREATE VIRTUAL TABLE passages_fts USING fts5(
      text, content='passages', content_rowid='rowid',
      tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER passages_fts_insert AFTER INSERT ON passages BEGIN
      INSERT INTO passages_fts (rowid, text) VALUES (new.rowid, new.text);
    END;
    CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
      INSERT INTO passages_fts (passages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END;
    CREATE TABLE bucket_df (
      book_key TEXT NOT NULL REFERENCES books(book_key) ON DELETE CASCADE,
      bucket INTEGER NOT NULL,
      df INTEGER NOT NULL,
      PRIMARY KEY (book_key, bucket)
    ) STRICT, WITHOUT ROWID;
    `,
  },
];

export const INDEX_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

export interface OpenedIndex {
  db: IndexDb;
  file: string;
  /** Said to the user: the file was damaged and rebuilt, and where the old one went. */
  warnings: string[];
}

/**
 * Opens `<home>/index.db` with sqlite-vec loaded, migrating it. A file that is not a
 * database, fails `quick_check`, was written by a newer schema or lost a vector table is
 * moved aside (`index.db.damaged-<time>`, only the newest kept) and rebuilt empty, with a
 * warning. A healthy file that cannot be used right now (locked by another process,
 * read-only, disk full, no permission) is never moved: that is a StoreFailed error.
 */
export async function openIndex(home: string, fileName = "index.db"): Promise<OpenedIndex> {
  try {
    ensureFolder(home);
  } catch (error) {
    throw litinkError(
      "StoreFailed",
      { file: join(home, fileName), detail: (error as Error).message },
      error,
    );
  }
  const file = join(home, fileName);
  const { default: BetterSqlite3 } = await import("better-sqlite3");
  const sqliteVec = await import("sqlite-vec");
  const open = (): IndexDb => {
    const db = new BetterSqlite3(file);
    try {
      // First, so that a lock held by another process is waited for, not an error.
      db.pragma("busy_timeout = 5000");
      sqliteVec.load(db);
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("foreign_keys = ON");
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  };
  const failed = (error: unknown) =>
    litinkError("StoreFailed", { file, detail: (error as Error).message }, error);
  let problem: string | null = null;
  let db: IndexDb | undefined;
  try {
    db = open();
    problem = damage(db);
    if (problem === null) migrate(db);
  } catch (error) {
    db?.close();
    if (!isCorruption(error)) throw failed(error);
    problem = (error as Error).message;
  }
  if (problem === null && db) return { db, file, warnings: [] };
  db?.close();
  const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  moveAside(home, fileName, aside);
  try {
    db = open();
    migrate(db);
  } catch (error) {
    throw failed(error);
  }
  return {
    db,
    file,
    warnings: [
      `the search index ${file} was unusable (${problem}); moved it to ${aside} and rebuilding it`,
    ],
  };
}

/**
 * Whether an error proves the file damaged. Busy/locked, read-only, full disk, permission
 * and I/O errors say nothing about the file's contents, so they are not damage.
 */
export function isCorruption(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? "");
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") return true;
  return /file is not a database|database disk image is malformed/i.test(
    (error as Error).message ?? "",
  );
}

/** Null when the file looks sound; else what is wrong with it. */
function damage(db: IndexDb): string | null {
  // At most 3 problems: enough to say what is wrong without a wall of text in the warning.
  const check = (db.pragma("quick_check(3)") as Array<Record<string, unknown>>).map((row) =>
    String(Object.values(row)[0]),
  );
  if (check.length !== 1 || check[0] !== "ok")
    return `integrity check failed: ${check.slice(0, 3).join("; ")}`;
  const version = schemaVersion(db);
  if (version > INDEX_SCHEMA_VERSION)
    return `written by a newer litink (schema ${version}, this one knows ${INDEX_SCHEMA_VERSION})`;
  if (version === 0) return null;
  const tables = new Set(
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
        name: string;
      }>
    ).map((row) => row.name),
  );
  for (const required of ["books", "chapters", "passages", "passages_fts", "bucket_df"])
    if (!tables.has(required)) return `table ${required} is missing`;
  const vecTables = db
    .prepare("SELECT DISTINCT vec_table FROM chapters WHERE vec_table <> ''")
    .all() as Array<{
    vec_table: string;
  }>;
  for (const { vec_table } of vecTables)
    if (!tables.has(vec_table)) return `vector table ${vec_table} is missing`;
  return null;
}

function schemaVersion(db: IndexDb): number {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
    .get();
  if (!exists) return 0;
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
    | { value: string }
    | undefined;
  return row ? Number(row.value) : 0;
}

function migrate(db: IndexDb): void {
  db.transaction(() => {
    db.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT");
    const current = schemaVersion(db);
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
    }
    db.prepare(
      "INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(String(INDEX_SCHEMA_VERSION));
  }).immediate();
}

/**
 * Moves a proven-damaged file aside together with its WAL (which belongs to it), and deletes
 * older damaged copies: one is enough to look at, and they can be large.
 */
function moveAside(home: string, fileName: string, aside: string): void {
  const file = join(home, fileName);
  for (const name of readdirSync(home))
    if (name.startsWith(`${fileName}.damaged-`)) rmSync(join(home, name), { force: true });
  if (existsSync(file)) renameSync(file, aside);
  for (const suffix of ["-wal", "-shm"])
    if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${aside}${suffix}`);
}
