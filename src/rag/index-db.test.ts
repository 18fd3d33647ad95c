import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isCorruption, openIndex } from "./index-db.js";
import { tempHome } from "./test-support.js";

const damagedCopies = (home: string) =>
  readdirSync(home).filter(
    (name) => name.startsWith("index.db.damaged-") && !/-(wal|shm)$/.test(name),
  );

describe("openIndex", () => {
  it("keeps only the newest damaged copy", async () => {
    const home = tempHome();
    for (let round = 0; round < 2; round++) {
      writeFileSync(join(home, "index.db"), `garbage ${round} `.repeat(1000));
      const opened = await openIndex(home);
      expect(opened.warnings[0]).toMatch(/unusable.*rebuilding/);
      opened.db.close();
      await new Promise((done) => setTimeout(done, 5));
    }
    expect(damagedCopies(home)).toHaveLength(1);
  });

  it("a locked but healthy index is a StoreFailed error, never moved aside", async () => {
    const home = tempHome();
    const holder = (await openIndex(home)).db;
    holder.prepare("INSERT INTO meta (key, value) VALUES ('x', 'y')").run();
    // Another process is writing: its write lock outlasts our busy timeout.
    holder.exec("BEGIN IMMEDIATE");
    try {
      const error = await openIndex(home).then(
        () => null,
        (error: unknown) => error as Error & { exitCode?: number },
      );
      expect(error?.message).toMatch(/could not be used: database is locked/);
      expect(error?.exitCode).toBe(78);
      expect(damagedCopies(home)).toHaveLength(0);
      expect(existsSync(join(home, "index.db-wal"))).toBe(true);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    const reopened = await openIndex(home);
    expect(reopened.warnings).toEqual([]);
    expect(reopened.db.prepare("SELECT value FROM meta WHERE key = 'x'").pluck().get()).toBe("y");
    reopened.db.close();
  }, 30_000);

  it("tells corruption from a busy or read-only database", () => {
    const error = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(isCorruption(error("SQLITE_NOTADB", "file is not a database"))).toBe(true);
    expect(isCorruption(error("SQLITE_CORRUPT_VTAB", "x"))).toBe(true);
    expect(isCorruption(error("SQLITE_BUSY", "database is locked"))).toBe(false);
    expect(isCorruption(error("SQLITE_READONLY", "attempt to write a readonly database"))).toBe(
      false,
    );
    expect(isCorruption(error("SQLITE_FULL", "database or disk is full"))).toBe(false);
  });
});
