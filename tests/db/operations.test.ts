import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { migrationStatus } from "../../lib/db/migration-status.server";
import { spawn } from "node:child_process";
import { SQLITE_BUSY_TIMEOUT_MS } from "../../lib/db/sqlite";
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
  it.runIf(testProvider === "sqlite")("SQLite: the migrator puts the file in WAL mode", async () => {
    const [mode] = await t.db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(mode!.journal_mode.toLowerCase()).toBe("wal");
  });

  // libSQL hands its connection to each interactive transaction and opens a new one for
  // what follows, so a setting made once on the first connection is gone after the first
  // transaction: every connection must get it (lib/db/sqlite.ts).
  it.runIf(testProvider === "sqlite")("SQLite: every connection, also those opened after a transaction, waits for a lock and syncs as configured", async () => {
    const pragmas = async (db: Db) => ({
      timeout: Number((await db.$queryRawUnsafe<{ timeout: number | bigint }[]>("PRAGMA busy_timeout"))[0]!.timeout),
      synchronous: Number((await db.$queryRawUnsafe<{ synchronous: number | bigint }[]>("PRAGMA synchronous"))[0]!.synchronous),
    });
    const FULL = 2;
    const NORMAL = 1;
    for (const [setting, level] of [[undefined, FULL], ["full", FULL], ["normal", NORMAL]] as const) {
      const db = createDb(t.url, setting ? { sqliteSynchronous: setting } : {});
      try {
        expect(await pragmas(db), `${setting ?? "default"}, first connection`).toEqual({ timeout: SQLITE_BUSY_TIMEOUT_MS, synchronous: level });
        for (let i = 0; i < 3; i++) {
          await db.$transaction(async (tx) => expect(await pragmas(tx as unknown as Db)).toEqual({ timeout: SQLITE_BUSY_TIMEOUT_MS, synchronous: level }));
          expect(await pragmas(db), `${setting ?? "default"}, after transaction ${i + 1}`).toEqual({ timeout: SQLITE_BUSY_TIMEOUT_MS, synchronous: level });
        }
      } finally {
        await db.$disconnect();
      }
    }
  });

  it.runIf(testProvider === "sqlite")("SQLite: after a transaction, a write still waits for another process's write lock instead of failing", async () => {
    const app = createDb(t.url);
    // The lock holder is another process: libSQL waits for a lock synchronously, so a holder
    // in this process could never let go while the write waits.
    const holder = spawn(process.execPath, ["-e", `
      const Database = require("libsql");
      const db = new Database(${JSON.stringify(t.url.replace(/^file:/, ""))});
      db.exec("BEGIN IMMEDIATE");
      console.log("locked");
      setTimeout(() => { db.exec("COMMIT"); db.close(); }, 400);`], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      await app.$transaction(async (tx) => tx.user.count());
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
        holder.on("exit", () => reject(new Error("the lock holder exited before taking the lock")));
      });
      const created = await app.user.create({ data: { email: `waits-${Date.now()}@example.test` } });
      expect(created.email).toContain("waits-");
    } finally {
      holder.kill();
      await app.$disconnect();
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
