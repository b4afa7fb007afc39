import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { migrationStatus } from "../../lib/db/migration-status.server";
import { configureSqlite, SQLITE_BUSY_TIMEOUT_MS } from "../../lib/db/sqlite";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";

/** Issue 12 point 7: health knows whether migrations are current; SQLite runs in WAL with a busy timeout. */
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe(`operations (${testProvider})`, () => {
  it("reports migrations current, and names the pending ones when the ledger is behind", async () => {
    expect(await migrationStatus(t.db, testProvider)).toMatchObject({ current: true, pending: [] });
    const [last] = await t.db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM "_academy_migrations" ORDER BY name DESC LIMIT 1`);
    await t.db.$executeRawUnsafe(`DELETE FROM "_academy_migrations" WHERE name = '${last!.name}'`);
    expect(await migrationStatus(t.db, testProvider)).toMatchObject({ current: false, pending: [last!.name] });
  });

  // SQLite only, hence skipped on the PostgreSQL run: WAL mode and busy_timeout are SQLite
  // settings; PostgreSQL's lock waits are covered by tests/db/attempt-concurrency.test.ts.
  it.runIf(testProvider === "sqlite")("SQLite: the migrator puts the file in WAL mode and the app's connections wait for a lock instead of failing", async () => {
    const [mode] = await t.db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(mode!.journal_mode.toLowerCase()).toBe("wal");
    const fresh = createDb(t.url);
    try {
      const before = await fresh.$queryRawUnsafe<{ timeout: number | bigint }[]>("PRAGMA busy_timeout");
      expect(Number(before[0]!.timeout), "SQLite's default: fail at once").toBe(0);
      await configureSqlite(fresh);
      const after = await fresh.$queryRawUnsafe<{ timeout: number | bigint }[]>("PRAGMA busy_timeout");
      expect(Number(after[0]!.timeout)).toBe(SQLITE_BUSY_TIMEOUT_MS);
    } finally {
      await fresh.$disconnect();
    }
  });
});

describe(`backup and restore (${testProvider})`, () => {
  it("a backup taken while the app writes restores exactly what it held", async () => {
    const { backupDatabase, restoreDatabase } = await import("../../scripts/db/backup");
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "cnia-backup-")), "academy.backup");
    const kept = await t.db.user.create({ data: { email: `kept-${Date.now()}@example.test` } });
    const ledger = (await migrationStatus(t.db, testProvider)).applied;
    await backupDatabase(t.url, file);
    const lost = await t.db.user.create({ data: { email: `after-${Date.now()}@example.test` } });
    await t.db.$disconnect();
    await restoreDatabase(t.url, file);
    const db = createDb(t.url);
    try {
      expect(await db.user.findUnique({ where: { id: kept.id } })).not.toBeNull();
      expect(await db.user.findUnique({ where: { id: lost.id } }), "written after the backup").toBeNull();
      expect((await migrationStatus(db, testProvider)).applied, "the migration ledger comes back too").toBe(ledger);
    } finally {
      await db.$disconnect();
    }
  });
});
