import "server-only";
import { createDb, type Db } from "./db/client";
import { env } from "./env.server";

/**
 * The app's one Prisma client. Kept on globalThis so Next's dev-mode module reloading
 * does not open a new connection pool on every edit. SQLite connections get their busy
 * timeout and sync level as they open (lib/db/sqlite.ts).
 */
const globalForDb = globalThis as unknown as { __academyDb?: Db };

export const db: Db =
  globalForDb.__academyDb ??
  createDb(env.DATABASE_URL, {
    ...(env.NODE_ENV === "development" ? { slowQueryMs: 100 } : {}),
    sqliteSynchronous: env.SQLITE_SYNCHRONOUS,
  });

if (env.NODE_ENV !== "production") globalForDb.__academyDb = db;

export type { Db };
