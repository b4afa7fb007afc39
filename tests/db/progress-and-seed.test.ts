import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLessonProgress, markLessonComplete, markLessonIncomplete } from "../../lib/progress.server";
import { verifyCredentials } from "../../lib/accounts.server";
import { createTestUser, DEMO, seedDemoData } from "../factories";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe(`lesson progress (${testProvider})`, () => {
  it("marks a lesson complete once, and back", async () => {
    const u = await createTestUser(t.db);
    await markLessonComplete(t.db, u.id, "vxlan");
    await markLessonComplete(t.db, u.id, "vxlan");
    let rows = await listLessonProgress(t.db, u.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ lessonSlug: "vxlan", status: "completed" });
    await markLessonIncomplete(t.db, u.id, "vxlan");
    rows = await listLessonProgress(t.db, u.id);
    expect(rows[0]).toMatchObject({ status: "in_progress", completedAt: null });
  });
});

describe(`seed (${testProvider})`, () => {
  it("is idempotent and creates working demo accounts", async () => {
    await seedDemoData(t.db);
    await seedDemoData(t.db);
    expect(await t.db.user.count({ where: { email: { in: [DEMO.instructor.email, DEMO.learner.email] } } })).toBe(2);
    expect(await t.db.cohort.count({ where: { name: DEMO.cohortName } })).toBe(1);
    expect(await t.db.cohortMembership.count()).toBe(2);
    expect(await verifyCredentials(t.db, DEMO.learner.email, DEMO.learner.password)).toMatchObject({ role: "learner" });
    expect(await verifyCredentials(t.db, DEMO.instructor.email, DEMO.instructor.password)).toMatchObject({ role: "instructor" });
  });
});
