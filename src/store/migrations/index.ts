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
  {
    version: 2,
    name: "artifacts-jobs-ledger-breakers",
    sql: `
      -- Content-addressed files under LITINK_HOME/cache, recorded after the atomic rename.
      CREATE TABLE artifacts (
        hash        TEXT PRIMARY KEY,              -- sha256 of the bytes
        path        TEXT NOT NULL,                 -- relative to LITINK_HOME
        media_type  TEXT NOT NULL,
        bytes       INTEGER NOT NULL,
        created_at  TEXT NOT NULL
      ) STRICT;

      -- Paid asynchronous jobs, persisted before the first poll: never submitted twice.
      CREATE TABLE jobs (
        key         TEXT PRIMARY KEY,              -- the caller's key for this piece of work
        provider    TEXT NOT NULL,
        model       TEXT NOT NULL,
        handle      TEXT NOT NULL,                 -- JobHandle JSON
        state       TEXT NOT NULL CHECK (state IN ('processing','succeeded','failed')),
        result      TEXT,                          -- JSON: artifact hashes, usage, cost
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;

      -- The cost ledger: one row per billable call; id doubles as the billing idempotency key.
      CREATE TABLE usage (
        id              TEXT PRIMARY KEY,
        run_id          TEXT,
        task_id         TEXT,
        book_id         TEXT,
        modality        TEXT NOT NULL,
        provider        TEXT NOT NULL,
        model           TEXT NOT NULL,             -- the model actually used
        fallback_from   TEXT,                      -- the model this call fell back from
        tier            TEXT,
        units           TEXT NOT NULL,             -- JSON Usage
        usd             REAL NOT NULL,
        cost_source     TEXT NOT NULL CHECK (cost_source IN ('provider','price-table','free')),
        cache_hit       INTEGER NOT NULL DEFAULT 0,
        started_at      TEXT NOT NULL,
        ended_at        TEXT NOT NULL,
        synced_at       TEXT
      ) STRICT;
      CREATE INDEX usage_by_start ON usage(started_at);
      CREATE INDEX usage_unsynced ON usage(id) WHERE synced_at IS NULL;

      -- Every attempt, failed ones and fallbacks included (why a call cost what it cost).
      CREATE TABLE attempts (
        id          INTEGER PRIMARY KEY,
        call_id     TEXT NOT NULL,
        run_id      TEXT,
        task_id     TEXT,
        modality    TEXT NOT NULL,
        provider    TEXT NOT NULL,
        model       TEXT NOT NULL,
        attempt     INTEGER NOT NULL,
        outcome     TEXT NOT NULL CHECK (outcome IN ('ok','retry','fallback','failed','skipped')),
        failure     TEXT,
        status      INTEGER,
        detail      TEXT,
        ms          INTEGER NOT NULL,
        at          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX attempts_by_call ON attempts(call_id);

      -- Budget reservations: a call starts only if spent + reserved + estimate <= limit.
      CREATE TABLE budgets (
        scope       TEXT PRIMARY KEY,              -- e.g. a run id or an invocation id
        limit_usd   REAL NOT NULL,
        spent_usd   REAL NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL
      ) STRICT;
      CREATE TABLE reservations (
        id          TEXT PRIMARY KEY,
        scope       TEXT NOT NULL REFERENCES budgets(scope) ON DELETE CASCADE,
        usd         REAL NOT NULL,
        created_at  TEXT NOT NULL
      ) STRICT;

      -- Circuit breakers per provider model and cooldowns per provider, shared by processes.
      CREATE TABLE breakers (
        key         TEXT PRIMARY KEY,              -- "<provider>:<model>"
        state       TEXT NOT NULL,                 -- JSON
        updated_at  TEXT NOT NULL
      ) STRICT;
      CREATE TABLE cooldowns (
        provider    TEXT PRIMARY KEY,              -- "<provider>" or "<provider>:<model>"
        until       TEXT NOT NULL,
        reason      TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: "runs, run tasks and the task cache",
    sql: `
      -- One row per \`generate\` of one book; a resume continues the same row.
      CREATE TABLE runs (
        id          TEXT PRIMARY KEY,              -- e.g. "r-20261127-…" (shown to users)
        book_file   TEXT NOT NULL,                 -- the input path as given (resolved)
        book_id     TEXT,                          -- sha256 of the file when read
        out_dir     TEXT NOT NULL,
        tier        TEXT NOT NULL,
        options     TEXT NOT NULL,                 -- JSON: chapters, minutes, aspect, concurrency, …
        status      TEXT NOT NULL,                 -- running | done | failed | interrupted | budget
        budget_usd  REAL,
        exit_code   INTEGER,
        started_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        ended_at    TEXT
      ) STRICT;
      CREATE INDEX runs_by_start ON runs(started_at);

      -- Every task of a run, as planned and as it went.
      CREATE TABLE run_tasks (
        run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        task_id     TEXT NOT NULL,
        kind        TEXT NOT NULL,
        key         TEXT,                          -- cache key, once its inputs were known
        status      TEXT NOT NULL,                 -- pending | running | done | cached | failed | skipped
        reason      TEXT,                          -- why it ran (which input changed) or failed
        provider    TEXT,
        model       TEXT,
        fallback_from TEXT,
        cost_usd    REAL NOT NULL DEFAULT 0,
        started_at  TEXT,
        ended_at    TEXT,
        PRIMARY KEY (run_id, task_id)
      ) STRICT;

      -- Finished task outputs by cache key: a rerun with the same key makes no call.
      CREATE TABLE task_cache (
        key         TEXT PRIMARY KEY,
        kind        TEXT NOT NULL,
        task_id     TEXT NOT NULL,                 -- the task that made it (for "why did this rerun?")
        parts       TEXT NOT NULL,                 -- JSON KeyParts
        output      TEXT NOT NULL,                 -- JSON TaskOutput
        provider    TEXT,
        model       TEXT,
        cost_usd    REAL NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL,
        used_at     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX task_cache_by_task ON task_cache(task_id, created_at);
    `,
  },
  {
    version: 4,
    name: "run leases",
    sql: `
      -- Who is running a run now: a process claims the row (owner, host) and refreshes
      -- heartbeat_at while it works; a stale heartbeat or a dead pid on this host frees it.
      ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
      ALTER TABLE runs ADD COLUMN owner_host TEXT;
      ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;

      -- One writer per output folder (<out>/<book-slug>/), whichever run it is: two
      -- \`generate\` of one book into one folder would otherwise pay for the same tasks twice.
      CREATE TABLE folder_leases (
        folder        TEXT PRIMARY KEY,            -- absolute path of the book's output folder
        run_id        TEXT NOT NULL,
        owner_pid     INTEGER NOT NULL,
        owner_host    TEXT NOT NULL,
        heartbeat_at  TEXT NOT NULL
      ) STRICT;
    `,
  },
];
