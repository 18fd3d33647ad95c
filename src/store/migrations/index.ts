/**
 * Forward-only migrations. Append new ones; never edit or reorder a released one, because
 * a user's database records which versions it has applied.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "books-and-chapters",
    sql: `
      CREATE TABLE books (
        id            TEXT PRIMARY KEY,            -- sha256 of the file's bytes
        reader        INTEGER NOT NULL,            -- ingest version that produced the rows
        format        TEXT NOT NULL CHECK (format IN ('epub','pdf','docx','txt','md')),
        title         TEXT,
        author        TEXT,
        language      TEXT,
        bytes         INTEGER NOT NULL,
        source_path   TEXT NOT NULL,
        warnings      TEXT NOT NULL DEFAULT '[]',  -- JSON array
        ingested_at   TEXT NOT NULL
      ) STRICT;

      CREATE TABLE chapters (
        book_id       TEXT NOT NULL REFERENCES books(id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,            -- reading order, 0-based, all kinds
        id            TEXT NOT NULL,               -- sha256 of title + text
        chapter_index INTEGER,                     -- body chapters from 1; NULL for front/back
        kind          TEXT NOT NULL CHECK (kind IN ('body','front','back')),
        title         TEXT NOT NULL,
        part          TEXT,
        words         INTEGER NOT NULL,
        starts_with   TEXT NOT NULL,
        text          TEXT NOT NULL,
        PRIMARY KEY (book_id, position)
      ) STRICT;
      CREATE INDEX chapters_by_hash ON chapters(id);
    `,
  },
];
