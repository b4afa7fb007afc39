import "server-only";
import { log } from "./observability/log";
import { providerOf } from "./database-url";
import { createDb, type Db } from "./db/client";
import { configureSqlite } from "./db/sqlite";
import { env } from "./env.server";

/**
 * The app's one Prisma client. Kept on globalThis so Next's dev-mode module reloading
 * does not open a new connection pool on every edit.
 */
const globalForDb = globalThis as unknown as { __academyDb?: Db };

export const db: Db =
  globalForDb.__academyDb ??
  createDb(env.DATABASE_URL, env.NODE_ENV === "development" ? { slowQueryMs: 100 } : {});

if (env.NODE_ENV !== "production") globalForDb.__academyDb = db;

/** Resolves once the connection settings are in place (SQLite: the busy timeout); /api/health waits for it. */
export const dbReady: Promise<void> =
  providerOf(env.DATABASE_URL) === "sqlite"
    ? configureSqlite(db).catch((error: unknown) => {
        log.error("could not configure SQLite", { error });
      })
    : Promise.resolve();

export type { Db };
