import type { Db } from "./client";

/**
 * How long a SQLite connection waits for another writer's lock before giving up with
 * SQLITE_BUSY ("database is locked"). Writes here are short transactions, so a queue of
 * them clears well within this; without it the default is 0 ms and a second writer (the
 * seed script, a CLI, a second `next start` on the same file) fails at once.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** Per-connection settings of a SQLite client; the journal mode (WAL) is set by the migrator on the file. */
export async function configureSqlite(db: Db): Promise<void> {
  await db.$queryRawUnsafe(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
}
