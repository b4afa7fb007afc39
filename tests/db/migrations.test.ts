import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, readMigrations } from "../../scripts/db/migrator";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe(`migrations (${testProvider})`, () => {
  it("re-running db:migrate on a migrated database is a no-op", async () => {
    const again = await migrateDatabase(t.url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(readMigrations(testProvider).map((m) => m.name));
  });

  it("creates every model's table", async () => {
    expect(await t.db.user.count()).toBe(0);
    expect(await t.db.cohortMembership.count()).toBe(0);
    expect(await t.db.questionResponse.count()).toBe(0);
    expect(await t.db.assignmentOverride.count()).toBe(0);
  });

  it("keeps the SQLite and PostgreSQL migration histories in step", () => {
    expect(readMigrations("sqlite").map((m) => m.name)).toEqual(readMigrations("postgresql").map((m) => m.name));
  });
});
