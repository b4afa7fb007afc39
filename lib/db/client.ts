/**
 * Builds a Prisma client for a DATABASE_URL. The app uses the singleton in
 * lib/db.server.ts; scripts (seed, CLIs) and database tests call this directly.
 *
 * Each provider has its own generated client (one Prisma schema has one provider), both
 * generated from prisma/models.prisma, so their model types are identical. We type every
 * client as the SQLite one; the cast below is safe because the schemas differ only in
 * the datasource provider (scripts/db/schemas.ts guarantees it).
 */
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../../prisma/generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../../prisma/generated/postgresql/client";
import { providerOf } from "../database-url";

export type Db = SqliteClient;

export interface CreateDbOptions {
  /** Log queries slower than this many milliseconds (development aid). */
  slowQueryMs?: number;
}

/** A new Prisma client for `url` (file: → SQLite via libSQL, postgres:// → PostgreSQL via pg). */
export function createDb(url: string, options: CreateDbOptions = {}): Db {
  const log = options.slowQueryMs !== undefined ? [{ emit: "event" as const, level: "query" as const }] : [];
  const client =
    providerOf(url) === "sqlite"
      ? new SqliteClient({ adapter: new PrismaLibSQL({ url }), log })
      : (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }), log }) as unknown as Db);
  if (options.slowQueryMs !== undefined) {
    const threshold = options.slowQueryMs;
    // The event API is typed per log config; both clients emit the same payload.
    (client as unknown as { $on(e: "query", cb: (ev: { duration: number; query: string }) => void): void }).$on(
      "query",
      (ev) => {
        if (ev.duration > threshold) console.warn(`slow query (${ev.duration} ms): ${ev.query.slice(0, 200)}`);
      },
    );
  }
  return client;
}
