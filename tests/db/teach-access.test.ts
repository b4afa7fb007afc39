/**
 * Every access boundary of the teaching tools (docs/decisions/009-access-model.md):
 * each refusal is checked for its status AND for changing nothing in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssignment, deleteAssignment, getManagedAssignment, removeOverride, setOverride, startAssignmentAttempt } from "../../lib/assignments.server";
import { submitAttempt, getOwnAttempt } from "../../lib/attempts.server";
import {
  addCoInstructor,
  bulkInvite,
  cancelEmailInvite,
  createCohort,
  createInvite,
  getCohortDetail,
  listManagedCohorts,
  removeMember,
  revokeInvite,
} from "../../lib/cohorts.server";
import { getCohortDashboard } from "../../lib/cohort-dashboard.server";
import { getBank } from "../../lib/content/quiz-banks.server";
import { getAttemptForInstructor, getGradebook, getItemAnalysis, responsesCsv } from "../../lib/gradebook.server";
import { getManagedCohort, listUsersForAdmin, setUserRole, type Actor } from "../../lib/roles.server";
import { createTestUser } from "../factories";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";

let t: TestDatabase;
const QUIZ = "vxlan-basics";
const actor = (u: { id: string; role: string }) => ({ id: u.id, role: u.role }) as Actor;

async function world() {
  const alice = actor(await createTestUser(t.db, { role: "instructor" }));
  const bob = actor(await createTestUser(t.db, { role: "instructor" }));
  const admin = actor(await createTestUser(t.db, { role: "admin" }));
  const lena = actor(await createTestUser(t.db, { role: "learner" }));
  const liam = actor(await createTestUser(t.db, { role: "learner" }));
  const created = await createCohort(t.db, alice, { name: "Alice's cohort", description: "", startDate: null });
  if (!created.ok) throw new Error(created.error);
  const cohort = created.cohort;
  for (const l of [lena, liam]) await t.db.cohortMembership.create({ data: { cohortId: cohort.id, userId: l.id, role: "learner" } });
  const a = await createAssignment(t.db, alice, cohort.id, {
    title: "",
    quizId: QUIZ,
    lessonSlugs: [],
    opensAt: new Date(Date.now() - 3_600_000),
    dueAt: new Date(Date.now() + 86_400_000),
    closesAt: null,
    attemptsAllowed: 2,
    timeLimitMinutes: null,
  });
  if (!a.ok) throw new Error(a.error);
  return { alice, bob, admin, lena, liam, cohort, assignment: a.assignment };
}

/** Calls every cohort-managing write as `who` on world `w`'s cohort, in order. */
async function everyCohortWrite(w: Awaited<ReturnType<typeof world>>, who: Actor, inviteId: string, emailInviteId: string) {
  return [
    await createInvite(t.db, who, w.cohort.id, { expiresInDays: 7, maxUses: null }),
    await revokeInvite(t.db, who, inviteId),
    await removeMember(t.db, who, w.cohort.id, w.liam.id),
    await addCoInstructor(t.db, who, w.cohort.id, "x@example.test"),
    await bulkInvite(t.db, who, w.cohort.id, "someone@example.test"),
    await cancelEmailInvite(t.db, who, emailInviteId),
    await createAssignment(t.db, who, w.cohort.id, {
      title: "", quizId: QUIZ, lessonSlugs: [], opensAt: new Date(), dueAt: new Date(Date.now() + 1000), closesAt: null, attemptsAllowed: null, timeLimitMinutes: null,
    }),
    await deleteAssignment(t.db, who, w.assignment.id),
    await setOverride(t.db, who, w.assignment.id, { userId: w.lena.id, extraAttempts: 5, extraTimeMinutes: 0, dueAt: null }),
    await removeOverride(t.db, who, w.assignment.id, w.lena.id),
  ];
}

/** A snapshot of every table the teaching tools write, to prove a refusal changed nothing. */
async function snapshot() {
  const [cohorts, memberships, invites, emailInvites, assignments, overrides, attempts, users] = await Promise.all([
    t.db.cohort.findMany({ orderBy: { id: "asc" } }),
    t.db.cohortMembership.findMany({ orderBy: { id: "asc" } }),
    t.db.cohortInvite.findMany({ orderBy: { id: "asc" } }),
    t.db.cohortEmailInvite.findMany({ orderBy: { id: "asc" } }),
    t.db.assignment.findMany({ orderBy: { id: "asc" } }),
    t.db.assignmentOverride.findMany({ orderBy: { id: "asc" } }),
    t.db.quizAttempt.findMany({ orderBy: { id: "asc" } }),
    t.db.user.findMany({ orderBy: { id: "asc" }, select: { id: true, role: true } }),
  ]);
  return JSON.stringify({ cohorts, memberships, invites, emailInvites, assignments, overrides, attempts, users });
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe(`teaching access boundaries (${testProvider})`, () => {
  it("a learner calling any instructor action gets 403 and changes nothing", async () => {
    const w = await world();
    const invite = await createInvite(t.db, w.alice, w.cohort.id, { expiresInDays: 7, maxUses: null });
    if (!invite.ok) throw new Error("setup");
    await bulkInvite(t.db, w.alice, w.cohort.id, "pending-person@example.test");
    const pending = await t.db.cohortEmailInvite.findFirstOrThrow({ where: { cohortId: w.cohort.id } });
    const before = await snapshot();
    const attempts = [
      await createCohort(t.db, w.lena, { name: "Mine", description: "", startDate: null }),
      ...(await everyCohortWrite(w, w.lena, invite.invite.id, pending.id)),
      await setUserRole(t.db, w.lena, w.lena.id, "admin"),
      await listUsersForAdmin(t.db, w.lena, ""),
    ];
    for (const r of attempts) expect(r).toMatchObject({ ok: false, status: 403 });
    // Reads give nothing either.
    expect(await getManagedCohort(t.db, w.lena, w.cohort.id)).toBeNull();
    expect(await getCohortDetail(t.db, w.lena, w.cohort.id)).toBeNull();
    expect(await getGradebook(t.db, w.lena, w.cohort.id)).toBeNull();
    expect(await getItemAnalysis(t.db, w.lena, w.cohort.id, w.assignment.id)).toBeNull();
    expect(await responsesCsv(t.db, w.lena, w.cohort.id)).toBeNull();
    expect(await listManagedCohorts(t.db, w.lena)).toEqual([]);
    expect(await getCohortDashboard(t.db, w.lena, w.cohort.id)).toBeNull();
    expect(await snapshot()).toBe(before);
  });

  it("an instructor cannot read or change another instructor's cohort: 404, nothing changes", async () => {
    const w = await world();
    const invite = await createInvite(t.db, w.alice, w.cohort.id, { expiresInDays: 7, maxUses: null });
    if (!invite.ok) throw new Error("setup");
    await bulkInvite(t.db, w.alice, w.cohort.id, "pending2@example.test");
    const pending = await t.db.cohortEmailInvite.findFirstOrThrow({ where: { cohortId: w.cohort.id } });
    const lenaStart = await startAssignmentAttempt(t.db, w.lena.id, w.assignment.id);
    if (!lenaStart.ok) throw new Error(lenaStart.error);
    const before = await snapshot();

    expect(await getManagedCohort(t.db, w.bob, w.cohort.id)).toBeNull();
    expect(await getCohortDetail(t.db, w.bob, w.cohort.id)).toBeNull();
    expect(await getGradebook(t.db, w.bob, w.cohort.id)).toBeNull();
    expect(await getItemAnalysis(t.db, w.bob, w.cohort.id, w.assignment.id)).toBeNull();
    expect(await getManagedAssignment(t.db, w.bob, w.assignment.id)).toBeNull();
    expect(await responsesCsv(t.db, w.bob, w.cohort.id)).toBeNull();
    expect(await getCohortDashboard(t.db, w.bob, w.cohort.id)).toBeNull();
    expect(await getAttemptForInstructor(t.db, w.bob, w.cohort.id, lenaStart.attemptId)).toBeNull();
    // Bob's own cohort id does not unlock Alice's attempt either.
    const bobs = await createCohort(t.db, w.bob, { name: "Bob's", description: "", startDate: null });
    if (!bobs.ok) throw new Error("setup");
    expect(await getAttemptForInstructor(t.db, w.bob, bobs.cohort.id, lenaStart.attemptId)).toBeNull();
    expect((await listManagedCohorts(t.db, w.bob)).map((c) => c.id)).toEqual([bobs.cohort.id]);
    const afterBobsCohort = await snapshot();

    const writes = await everyCohortWrite(w, w.bob, invite.invite.id, pending.id);
    for (const r of writes) expect(r).toMatchObject({ ok: false, status: 404 });
    expect(await snapshot()).toBe(afterBobsCohort);
    expect(before).not.toBe(afterBobsCohort); // sanity: the snapshot does see changes
  });

  it("a co-instructor manages the cohort but cannot change who co-teaches; an admin sees all", async () => {
    const w = await world();
    expect(await addCoInstructor(t.db, w.alice, w.cohort.id, (await t.db.user.findUniqueOrThrow({ where: { id: w.bob.id } })).email)).toMatchObject({ ok: true });
    expect(await getGradebook(t.db, w.bob, w.cohort.id)).not.toBeNull();
    expect(await createInvite(t.db, w.bob, w.cohort.id, { expiresInDays: 1, maxUses: 3 })).toMatchObject({ ok: true });
    const carol = await createTestUser(t.db, { role: "instructor" });
    expect(await addCoInstructor(t.db, w.bob, w.cohort.id, carol.email)).toMatchObject({ ok: false, status: 403 });
    expect(await removeMember(t.db, w.bob, w.cohort.id, w.alice.id)).toMatchObject({ ok: false, status: 409 });
    // A learner cannot be made co-instructor.
    const lenaEmail = (await t.db.user.findUniqueOrThrow({ where: { id: w.lena.id } })).email;
    expect(await addCoInstructor(t.db, w.alice, w.cohort.id, lenaEmail)).toMatchObject({ ok: false, status: 400 });
    expect(await getGradebook(t.db, w.admin, w.cohort.id)).not.toBeNull();
    expect(await removeMember(t.db, w.admin, w.cohort.id, w.bob.id)).toMatchObject({ ok: true });
    expect(await getGradebook(t.db, w.bob, w.cohort.id)).toBeNull();
  });

  it("a learner cannot read, resume or submit another learner's attempt, nor start another cohort's assignment", async () => {
    const w = await world();
    const bank = getBank(QUIZ)!;
    const started = await startAssignmentAttempt(t.db, w.lena.id, w.assignment.id);
    if (!started.ok) throw new Error(started.error);
    const outsider = await createTestUser(t.db);
    const before = await snapshot();
    expect(await getOwnAttempt(t.db, started.attemptId, w.liam.id)).toBeNull();
    expect(await submitAttempt(t.db, { attemptId: started.attemptId, userId: w.liam.id, bank, answers: {} })).toMatchObject({ ok: false, status: 404 });
    expect(await getAttemptForInstructor(t.db, w.liam, w.cohort.id, started.attemptId)).toBeNull();
    // An outsider (not in the cohort) cannot start the assignment.
    expect(await startAssignmentAttempt(t.db, outsider.id, w.assignment.id)).toMatchObject({ ok: false, status: 404 });
    expect(await snapshot()).toBe(before);
    // Liam starting his own attempt gets his own, not Lena's.
    const his = await startAssignmentAttempt(t.db, w.liam.id, w.assignment.id);
    expect(his.ok && his.attemptId !== started.attemptId).toBe(true);
  });

  it("roles: only an admin promotes, and cannot demote themself", async () => {
    const w = await world();
    expect(await setUserRole(t.db, w.alice, w.lena.id, "instructor")).toMatchObject({ ok: false, status: 403 });
    expect(await setUserRole(t.db, w.admin, w.admin.id, "learner")).toMatchObject({ ok: false, status: 409 });
    expect(await setUserRole(t.db, w.admin, "no-such-user", "instructor")).toMatchObject({ ok: false, status: 404 });
    expect(await setUserRole(t.db, w.admin, w.lena.id, "instructor")).toMatchObject({ ok: true, user: { role: "instructor" } });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: w.lena.id } })).role).toBe("instructor");
    const list = await listUsersForAdmin(t.db, w.admin, "");
    expect(list.ok && list.users.length >= 5).toBe(true);
  });
});
