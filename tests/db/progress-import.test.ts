import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importLessonProgress, listLessonProgress, markLessonComplete, markLessonStarted } from "../../lib/progress.server";
import { createTestUser } from "../factories";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const statusOf = async (userId: string) =>
  Object.fromEntries((await listLessonProgress(t.db, userId)).map((r) => [r.lessonSlug, { status: r.status, completedAt: r.completedAt?.toISOString() ?? null }]));

describe(`importing browser progress (${testProvider})`, () => {
  it("stores new lessons, keeps the browser's completion time, and is idempotent", async () => {
    const u = await createTestUser(t.db);
    const now = new Date("2026-03-01T12:00:00.000Z");
    const rows = [
      { slug: "vlan", status: "completed" as const, completedAt: "2026-02-01T10:00:00.000Z" },
      { slug: "vxlan", status: "in_progress" as const },
    ];
    expect(await importLessonProgress(t.db, u.id, rows, now)).toEqual({ changed: ["vlan", "vxlan"], unchanged: [] });
    const first = await statusOf(u.id);
    expect(first).toEqual({
      vlan: { status: "completed", completedAt: "2026-02-01T10:00:00.000Z" },
      vxlan: { status: "in_progress", completedAt: null },
    });
    expect(await importLessonProgress(t.db, u.id, rows, now)).toEqual({ changed: [], unchanged: ["vlan", "vxlan"] });
    expect(await statusOf(u.id)).toEqual(first);
  });

  it("never moves a lesson backwards, and clamps completion times from the future", async () => {
    const u = await createTestUser(t.db);
    const now = new Date("2026-03-01T12:00:00.000Z");
    await markLessonComplete(t.db, u.id, "canal", new Date("2026-01-01T00:00:00.000Z"));
    await markLessonStarted(t.db, u.id, "calico");
    const result = await importLessonProgress(
      t.db,
      u.id,
      [
        { slug: "canal", status: "in_progress" },
        { slug: "calico", status: "completed", completedAt: "2030-01-01T00:00:00.000Z" },
      ],
      now,
    );
    expect(result).toEqual({ changed: ["calico"], unchanged: ["canal"] });
    expect(await statusOf(u.id)).toEqual({
      canal: { status: "completed", completedAt: "2026-01-01T00:00:00.000Z" },
      calico: { status: "completed", completedAt: now.toISOString() },
    });
  });

  it("markLessonStarted records a visit once and never undoes a completion", async () => {
    const u = await createTestUser(t.db);
    await markLessonStarted(t.db, u.id, "vlan");
    await markLessonStarted(t.db, u.id, "vlan");
    expect(await statusOf(u.id)).toEqual({ vlan: { status: "in_progress", completedAt: null } });
    await markLessonComplete(t.db, u.id, "vlan");
    await markLessonStarted(t.db, u.id, "vlan");
    expect((await statusOf(u.id)).vlan?.status).toBe("completed");
  });
});
