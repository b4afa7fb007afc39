/**
 * A fresh, migrated database per test file, on the provider the run asks for
 * (TEST_DB_PROVIDER=sqlite|postgresql). PostgreSQL databases are created on the server at
 * PG_ADMIN_URL and dropped afterwards; SQLite files live in a temp directory.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, type Db } from "../../lib/db/client";
import { migrateDatabase } from "../../scripts/db/migrator";

export const testProvider = (process.env.TEST_DB_PROVIDER ?? "sqlite") as "sqlite" | "postgresql";
export const pgAdminUrl = process.env.PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testProvider === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "cni-academy-test-"));
    const url = `file:${path.join(dir, "test.db")}`;
    await migrateDatabase(url);
    const db = createDb(url);
    return {
      db,
      url,
      async drop() {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `cni_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${pgAdminUrl} (${(error as Error).message}). ` +
        "The database tests must also pass on PostgreSQL: start it (see ../shared/docs/toolchain.md) or set PG_ADMIN_URL.",
    );
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const adminUrl = new URL(pgAdminUrl);
  adminUrl.pathname = `/${name}`;
  const url = adminUrl.toString();
  await migrateDatabase(url);
  const db = createDb(url);
  return {
    db,
    url,
    async drop() {
      await db.$disconnect();
      const a = new pg.Client({ connectionString: pgAdminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}
