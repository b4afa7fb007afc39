/**
 * Builds a Prisma client for a DATABASE_URL. The app uses the singleton in
 * lib/db.server.ts; scripts (seed, CLIs) and database tests call this directly.
 *
 * Each provider has its own generated client (one Prisma schema has one provider), both
 * generated from prisma/models.prisma, so their model types are identical. We type every
 * client as the SQLite one; the cast below is safe because the schemas differ only in
 * the datasource provider (scripts/db/schemas.ts guarantees it).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../../prisma/generated/sqlite/client";
import { log as appLog } from "../observability/log";
import { PrismaClient as PostgresClient } from "../../prisma/generated/postgresql/client";
import { providerOf, type SqliteSynchronous } from "../database-url";
import { ConfiguredLibSQL } from "./sqlite";

export type Db = SqliteClient;
/** The client handed to an interactive transaction's callback. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface CreateDbOptions {
  /** Log queries slower than this many milliseconds (development aid). */
  slowQueryMs?: number;
  /** PostgreSQL connections per process (default POSTGRES_POOL_SIZE). */
  poolSize?: number;
  /** SQLite: when a commit waits for the disk (default "full"; lib/db/sqlite.ts). */
  sqliteSynchronous?: SqliteSynchronous;
}

/**
 * Connection and transaction limits, set here rather than left to library defaults
 * (docs/decisions/010-attempt-concurrency.md). Attempt writes serialise on the attempt's
 * row, so a burst of saves to one attempt waits in line holding connections: the waits
 * must be long enough that a queue of a few dozen short transactions never turns into a
 * P2028 ("Unable to start a transaction in the given time"), and short enough that a stuck
 * transaction frees its lock and its connection on its own.
 */
export const POSTGRES_POOL_SIZE = 10;
export const TRANSACTION_OPTIONS = {
  /** How long to wait for a connection and for BEGIN (Prisma's default, 2 s, was hit under load). */
  maxWait: 10_000,
  /** The longest an interactive transaction may run, lock waits included (Prisma's default is 5 s). */
  timeout: 15_000,
} as const;
const POSTGRES_SESSION_LIMITS = {
  /**
   * How long a query may wait for a pooled connection (node-pg counts the queue wait too).
   * Longer than the transaction maxWait, so under a burst Prisma's own limit decides, and a
   * plain query queued behind a burst of locked transactions is not failed early.
   */
  connectionTimeoutMillis: 20_000,
  idleTimeoutMillis: 30_000,
  /** Server-side backstops: no statement, lock wait or abandoned transaction outlives the transaction timeout. */
  statement_timeout: 15_000,
  lock_timeout: 12_000,
  idle_in_transaction_session_timeout: 20_000,
} as const;

/** A new Prisma client for `url` (file: → SQLite via libSQL, postgres:// → PostgreSQL via pg). */
export function createDb(url: string, options: CreateDbOptions = {}): Db {
  const log = options.slowQueryMs !== undefined ? [{ emit: "event" as const, level: "query" as const }] : [];
  const client =
    providerOf(url) === "sqlite"
      ? new SqliteClient({ adapter: new ConfiguredLibSQL({ url }, { synchronous: options.sqliteSynchronous }), log, transactionOptions: TRANSACTION_OPTIONS })
      : (new PostgresClient({
          adapter: new PrismaPg({ connectionString: url, max: options.poolSize ?? POSTGRES_POOL_SIZE, ...POSTGRES_SESSION_LIMITS }),
          log,
          transactionOptions: TRANSACTION_OPTIONS,
        }) as unknown as Db);
  if (options.slowQueryMs !== undefined) {
    const threshold = options.slowQueryMs;
    // The event API is typed per log config; both clients emit the same payload.
    (client as unknown as { $on(e: "query", cb: (ev: { duration: number; query: string }) => void): void }).$on(
      "query",
      (ev) => {
        if (ev.duration > threshold) appLog.warn("slow query", { durationMs: ev.duration, query: ev.query.slice(0, 200) });
      },
    );
  }
  return client;
}
