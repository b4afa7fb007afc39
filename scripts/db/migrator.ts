/**
 * Applies the committed SQL migrations in prisma/<provider>/migrations/ to a database,
 * recording each one in `_academy_migrations`. Used by `npm run db:migrate`, the seed,
 * and the database tests.
 *
 * Why not `prisma migrate deploy`: through the Wasm schema engine it fails on PostgreSQL
 * with adapter-pg ("Column type 'name' could not be deserialized", prisma/orm#27403), and
 * the native engine cannot be downloaded here. One small runner for both providers keeps
 * them identical (docs/decisions/001-sqlite-default-postgresql-ready.md).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { createClient } from "@libsql/client";
import pg from "pg";
import { providerOf, sqliteFilePath, type Provider } from "../../lib/database-url";

const root = path.resolve(__dirname, "../..");
const LEDGER = "_academy_migrations";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationsDir(provider: Provider): string {
  return path.join(root, "prisma", provider, "migrations");
}

/** The committed migrations for a provider, oldest first. */
export function readMigrations(provider: Provider): Migration[] {
  const dir = migrationsDir(provider);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** What a migration run did. */
export interface MigrateResult {
  provider: Provider;
  applied: string[];
  alreadyApplied: string[];
}

interface LedgerRow {
  name: string;
  checksum: string;
}

function checkLedger(migrations: Migration[], ledger: LedgerRow[]): Migration[] {
  const byName = new Map(ledger.map((r) => [r.name, r.checksum]));
  for (const [name, checksum] of byName) {
    const local = migrations.find((m) => m.name === name);
    if (!local) throw new Error(`The database has migration ${name}, which is not in this checkout. Refusing to continue.`);
    if (local.checksum !== checksum) {
      throw new Error(`Migration ${name} was edited after it was applied (checksum differs). Add a new migration instead.`);
    }
  }
  return migrations.filter((m) => !byName.has(m.name));
}

async function migrateSqlite(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const file = sqliteFilePath(url);
  if (file) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const client = createClient({ url });
  try {
    // Write-ahead logging is a property of the database file, so it is set once here: readers
    // never block the writer and the writer never blocks readers (lib/db/sqlite.ts sets the
    // per-connection busy timeout). In-memory databases have no WAL; the pragma is then a no-op.
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute(
      `CREATE TABLE IF NOT EXISTS "${LEDGER}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`,
    );
    const rows = (await client.execute(`SELECT name, checksum FROM "${LEDGER}"`)).rows;
    const pending = checkLedger(
      migrations,
      rows.map((r) => ({ name: String(r.name), checksum: String(r.checksum) })),
    );
    for (const m of pending) {
      // executeMultiple runs the script as one batch; wrapping it in BEGIN/COMMIT makes a
      // half-applied migration impossible.
      await client.executeMultiple(
        `BEGIN;\n${m.sql}\nINSERT INTO "${LEDGER}" (name, checksum, applied_at) VALUES ('${m.name}', '${m.checksum}', '${new Date().toISOString()}');\nCOMMIT;`,
      );
    }
    return {
      provider: "sqlite",
      applied: pending.map((m) => m.name),
      alreadyApplied: migrations.filter((m) => !pending.includes(m)).map((m) => m.name),
    };
  } finally {
    client.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Several app instances may start at once: one migrates, the others wait.
    await client.query("SELECT pg_advisory_lock(727274)");
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${LEDGER}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<LedgerRow>(`SELECT name, checksum FROM "${LEDGER}"`);
    const pending = checkLedger(migrations, rows);
    for (const m of pending) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "${LEDGER}" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
      }
    }
    return {
      provider: "postgresql",
      applied: pending.map((m) => m.name),
      alreadyApplied: migrations.filter((m) => !pending.includes(m)).map((m) => m.name),
    };
  } finally {
    await client.query("SELECT pg_advisory_unlock(727274)").catch(() => undefined);
    await client.end();
  }
}

/** Brings the database at `url` up to the newest committed migration. Idempotent. */
export async function migrateDatabase(url: string): Promise<MigrateResult> {
  const provider = providerOf(url);
  const migrations = readMigrations(provider);
  if (migrations.length === 0) throw new Error(`No migrations found in ${migrationsDir(provider)}`);
  return provider === "sqlite" ? migrateSqlite(url, migrations) : migratePostgres(url, migrations);
}
