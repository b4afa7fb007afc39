import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMyAssignments, setOverride, startAssignmentAttempt } from "../../lib/assignments.server";
import { submitAttempt } from "../../lib/attempts.server";
import { startPracticeAttempt } from "../../lib/practice.server";
import { acceptEmailInvite, bulkInvite, claimEmailInvites, createInvite, joinCohort, leaveCohort, removeMember, revokeInvite } from "../../lib/cohorts.server";
import { getCohortDashboard } from "../../lib/cohort-dashboard.server";
import { getBank } from "../../lib/content/quiz-banks.server";
import { parseCsv, UTF8_BOM } from "../../lib/csv";
import { getGradebook, getItemAnalysis, gradebookToCsv, responsesCsv } from "../../lib/gradebook.server";
import type { Actor } from "../../lib/roles.server";
import { createTestUser } from "../factories";
import { actor, answersFor, assignQuiz, cohortOf as cohortOfIn, HOUR, joinAll as joinAllIn } from "../teaching";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";

let t: TestDatabase;
const QUIZ = "vxlan-basics";

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const cohortOf = (owner: Actor) => cohortOfIn(t.db, owner);
const joinAll = (db: TestDatabase["db"], owner: Actor, cohortId: string, learners: Actor[]) => joinAllIn(db, owner, cohortId, learners);
const assign = (owner: Actor, cohortId: string, over: Parameters<typeof assignQuiz>[4] = {}) => assignQuiz(t.db, owner, cohortId, QUIZ, over);

async function takeAssignment(userId: string, assignmentId: string, wrong: string[], now?: Date) {
  const started = await startAssignmentAttempt(t.db, userId, assignmentId, now);
  if (!started.ok) throw new Error(started.error);
  const attempt = await t.db.quizAttempt.findUniqueOrThrow({ where: { id: started.attemptId } });
  const ids = JSON.parse(attempt.questionIds) as string[];
  const r = await submitAttempt(t.db, { attemptId: attempt.id, userId, bank: getBank(QUIZ)!, answers: answersFor(QUIZ, ids, new Set(wrong)), now });
  if (!r.ok) throw new Error(r.error);
  return { attempt, ids };
}

describe(`cohorts (${testProvider})`, () => {
  it("joins by code (any case and spacing), and a second join does not use the invite again", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const cohort = await cohortOf(owner);
    const inv = await createInvite(t.db, owner, cohort.id, { expiresInDays: 7, maxUses: null });
    if (!inv.ok) throw new Error("setup");
    const learner = actor(await createTestUser(t.db));
    const typed = `${inv.invite.code.slice(0, 5).toLowerCase()} ${inv.invite.code.slice(5)}`;
    expect(await joinCohort(t.db, learner, typed)).toMatchObject({ ok: true, alreadyMember: false, cohortId: cohort.id });
    expect(await joinCohort(t.db, learner, inv.invite.code)).toMatchObject({ ok: true, alreadyMember: true });
    expect((await t.db.cohortInvite.findUniqueOrThrow({ where: { id: inv.invite.id } })).uses).toBe(1);
    expect(await joinCohort(t.db, learner, "NOPE")).toMatchObject({ ok: false, status: 404 });
  });

  it("refuses expired and revoked invites with 410 and adds nobody", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const cohort = await cohortOf(owner);
    const past = new Date(Date.now() - 2 * 86_400_000);
    const expired = await createInvite(t.db, owner, cohort.id, { expiresInDays: 1, maxUses: null }, past);
    const revoked = await createInvite(t.db, owner, cohort.id, { expiresInDays: null, maxUses: null });
    if (!expired.ok || !revoked.ok) throw new Error("setup");
    expect(await revokeInvite(t.db, owner, revoked.invite.id)).toMatchObject({ ok: true });
    const learner = actor(await createTestUser(t.db));
    expect(await joinCohort(t.db, learner, expired.invite.code)).toMatchObject({ ok: false, status: 410, error: expect.stringContaining("expired") });
    expect(await joinCohort(t.db, learner, revoked.invite.code)).toMatchObject({ ok: false, status: 410, error: expect.stringContaining("withdrawn") });
    expect(await t.db.cohortMembership.count({ where: { cohortId: cohort.id, role: "learner" } })).toBe(0);
  });

  it("holds the member cap when learners join at the same moment", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const cohort = await cohortOf(owner);
    const inv = await createInvite(t.db, owner, cohort.id, { expiresInDays: 7, maxUses: 2 });
    if (!inv.ok) throw new Error("setup");
    const learners = await Promise.all(Array.from({ length: 5 }, () => createTestUser(t.db)));
    const results = await Promise.all(learners.map((l) => joinCohort(t.db, actor(l), inv.invite.code)));
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.status === 410)).toBe(true);
    expect(await t.db.cohortMembership.count({ where: { cohortId: cohort.id, role: "learner" } })).toBe(2);
    expect((await t.db.cohortInvite.findUniqueOrThrow({ where: { id: inv.invite.id } })).uses).toBe(2);
  });

  it("leave and remove: learners leave, managers remove, the owner stays", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const cohort = await cohortOf(owner);
    const [a, b] = [actor(await createTestUser(t.db)), actor(await createTestUser(t.db))];
    for (const l of [a, b]) await t.db.cohortMembership.create({ data: { cohortId: cohort.id, userId: l.id } });
    expect(await leaveCohort(t.db, a, cohort.id)).toMatchObject({ ok: true });
    expect(await leaveCohort(t.db, a, cohort.id)).toMatchObject({ ok: false, status: 404 });
    expect(await leaveCohort(t.db, owner, cohort.id)).toMatchObject({ ok: false, status: 409 });
    expect(await removeMember(t.db, owner, cohort.id, b.id)).toMatchObject({ ok: true });
    expect(await t.db.cohortMembership.count({ where: { cohortId: cohort.id } })).toBe(1);
  });

  it("bulk invite adds nobody without consent: existing accounts accept, new ones join once their address is verified", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const cohort = await cohortOf(owner);
    const existing = await createTestUser(t.db);
    const text = `${existing.email.toUpperCase()}, New.Person@Example.test; "Ann" <ann@example.test>\nnot-an-email@ bad@@x\nnew.person@example.test`;
    const r = await bulkInvite(t.db, owner, cohort.id, text);
    expect(r).toMatchObject({ ok: true, added: 0, pending: 3, alreadyMembers: 0 });
    if (!r.ok) return;
    expect(r.invalid.length).toBe(2);
    const member = (userId: string) => t.db.cohortMembership.findUnique({ where: { cohortId_userId: { cohortId: cohort.id, userId } } });
    expect(await member(existing.id), "an existing account is not added by an instructor alone").toBeNull();
    // The existing account accepts, once its address is verified.
    const invite = await t.db.cohortEmailInvite.findFirstOrThrow({ where: { cohortId: cohort.id, email: existing.email.toLowerCase() } });
    expect(await claimEmailInvites(t.db, existing.id), "an invitation to an existing account waits for it to accept").toBe(0);
    expect(await acceptEmailInvite(t.db, actor(existing), invite.id)).toMatchObject({ ok: false, status: 403 });
    await t.db.user.update({ where: { id: existing.id }, data: { emailVerified: new Date() } });
    expect(await acceptEmailInvite(t.db, actor(existing), invite.id)).toMatchObject({ ok: true, cohortId: cohort.id });
    expect(await member(existing.id)).not.toBeNull();
    expect(await bulkInvite(t.db, owner, cohort.id, existing.email)).toMatchObject({ ok: true, alreadyMembers: 1, pending: 0 });
    expect(await bulkInvite(t.db, owner, cohort.id, "nothing here")).toMatchObject({ ok: false, status: 400 });
    // Someone else cannot accept it.
    const other = await createTestUser(t.db);
    expect(await acceptEmailInvite(t.db, actor(other), invite.id)).toMatchObject({ ok: false, status: 404 });
    // A new account with an invited address claims it only once verified, and once.
    const newcomer = await createTestUser(t.db, { email: "new.person@example.test" });
    expect(await claimEmailInvites(t.db, newcomer.id)).toBe(0);
    expect(await member(newcomer.id)).toBeNull();
    await t.db.user.update({ where: { id: newcomer.id }, data: { emailVerified: new Date() } });
    expect(await claimEmailInvites(t.db, newcomer.id)).toBe(1);
    expect(await claimEmailInvites(t.db, newcomer.id)).toBe(0);
    expect(await member(newcomer.id)).not.toBeNull();
    expect(await t.db.cohortEmailInvite.count({ where: { cohortId: cohort.id, acceptedAt: null } })).toBe(1);
  });
});

describe(`assignments (${testProvider})`, () => {
  it("validates the input: a quiz or lessons, dates in order", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const cohort = await cohortOf(owner);
    const { assignmentInputSchema } = await import("../../lib/assignments.server");
    const bad = assignmentInputSchema.safeParse({ quizId: "no-such-quiz", opensAt: "2026-12-02", dueAt: "2026-12-01", closesAt: "2026-11-30" });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path[0]);
    expect(paths).toEqual(expect.arrayContaining(["quizId", "dueAt", "closesAt"]));
    expect(assignmentInputSchema.safeParse({ quizId: QUIZ, lessonSlugs: ["vxlan"], opensAt: "2026-12-01", dueAt: "2026-12-02" }).success).toBe(false);
    expect(assignmentInputSchema.safeParse({ lessonSlugs: ["vxlan"], opensAt: "2026-12-01", dueAt: "2026-12-02" }).success).toBe(true);
    expect(cohort.id).toBeTruthy();
  });

  it("enforces the window and attempts allowed, with a learner's extra attempt and later due date", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const cohort = await cohortOf(owner);
    const learner = await createTestUser(t.db);
    await t.db.cohortMembership.create({ data: { cohortId: cohort.id, userId: learner.id } });
    const notYet = await assign(owner, cohort.id, { opensAt: new Date(Date.now() + HOUR), dueAt: new Date(Date.now() + 2 * HOUR) });
    expect(await startAssignmentAttempt(t.db, learner.id, notYet.id)).toMatchObject({ ok: false, status: 409, error: expect.stringContaining("opens") });

    const a = await assign(owner, cohort.id, { attemptsAllowed: 1, timeLimitMinutes: 10, closesAt: new Date(Date.now() + 2 * HOUR) });
    const first = await takeAssignment(learner.id, a.id, []);
    expect(first.attempt.assignmentId).toBe(a.id);
    expect(first.attempt.deadlineAt!.getTime() - first.attempt.startedAt.getTime()).toBe(10 * 60_000);
    expect(await startAssignmentAttempt(t.db, learner.id, a.id)).toMatchObject({ ok: false, status: 409, error: expect.stringContaining("used all 1") });
    // Accommodation: one extra attempt and five extra minutes.
    expect(await setOverride(t.db, owner, a.id, { userId: learner.id, extraAttempts: 1, extraTimeMinutes: 5, dueAt: null })).toMatchObject({ ok: true });
    const second = await startAssignmentAttempt(t.db, learner.id, a.id);
    if (!second.ok) throw new Error(second.error);
    const row = await t.db.quizAttempt.findUniqueOrThrow({ where: { id: second.attemptId } });
    expect(row.deadlineAt!.getTime() - row.startedAt.getTime()).toBe(15 * 60_000);
    // Starting again resumes it; a practice attempt on the same quiz stays separate.
    expect(await startAssignmentAttempt(t.db, learner.id, a.id)).toMatchObject({ ok: true, resumed: true, attemptId: second.attemptId });
    // The override's user must be a learner of the cohort.
    const stranger = await createTestUser(t.db);
    expect(await setOverride(t.db, owner, a.id, { userId: stranger.id, extraAttempts: 1, extraTimeMinutes: 0, dueAt: null })).toMatchObject({ ok: false, status: 400 });
  });

  it("marks late submissions, blocks submitting after the close date, and a later due date clears late", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const cohort = await cohortOf(owner);
    const [late, onTime, blocked] = await Promise.all([createTestUser(t.db), createTestUser(t.db), createTestUser(t.db)]);
    for (const l of [late, onTime, blocked]) await t.db.cohortMembership.create({ data: { cohortId: cohort.id, userId: l.id } });
    const opensAt = new Date(Date.now() - 10 * HOUR);
    const dueAt = new Date(Date.now() - 5 * HOUR);
    const closesAt = new Date(Date.now() + HOUR);
    const a = await assign(owner, cohort.id, { opensAt, dueAt, closesAt });
    await takeAssignment(late.id, a.id, []);
    await takeAssignment(onTime.id, a.id, [], new Date(dueAt.getTime() - HOUR));
    // Blocked: started before the close, submitted long after it.
    const started = await startAssignmentAttempt(t.db, blocked.id, a.id);
    if (!started.ok) throw new Error(started.error);
    // With no time limit, the attempt's deadline is the close date.
    expect((await t.db.quizAttempt.findUniqueOrThrow({ where: { id: started.attemptId } })).deadlineAt?.getTime()).toBe(closesAt.getTime());
    // After the close nobody can start.
    expect(await startAssignmentAttempt(t.db, late.id, a.id, new Date(closesAt.getTime() + 1))).toMatchObject({ ok: false, status: 409 });

    let book = await getGradebook(t.db, owner, cohort.id);
    const statusOf = (userId: string) => book!.rows.find((r) => r.learner.id === userId)!.cells[0]!;
    expect(statusOf(late.id)).toMatchObject({ status: "late", bestFraction: 1, attemptCount: 1 });
    expect(statusOf(onTime.id)).toMatchObject({ status: "submitted", bestFraction: 1 });
    expect(statusOf(blocked.id)).toMatchObject({ status: "in_progress", attemptCount: 1 });
    await setOverride(t.db, owner, a.id, { userId: late.id, extraAttempts: 0, extraTimeMinutes: 0, dueAt: new Date(Date.now() + HOUR) });
    book = await getGradebook(t.db, owner, cohort.id);
    expect(statusOf(late.id).status).toBe("submitted");

    // The learner's home page list shows it with status and due date.
    const mine = await listMyAssignments(t.db, blocked.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: a.id, kind: "quiz", openAttemptId: started.attemptId, summary: { status: "in_progress" } });

    // A submit after the close adds nothing: the server ends the attempt at the close with
    // what was saved before it.
    const afterClose = await submitAttempt(t.db, {
      attemptId: started.attemptId,
      userId: blocked.id,
      bank: getBank(QUIZ)!,
      answers: {},
      now: new Date(closesAt.getTime() + 60_000),
    });
    expect(afterClose).toMatchObject({ ok: true, autoSubmitted: true });
    const ended = await t.db.quizAttempt.findUniqueOrThrow({ where: { id: started.attemptId } });
    expect(ended.submittedAt?.getTime()).toBe(closesAt.getTime());
  });

  it("gradebook CSV, responses CSV and item analysis from real graded attempts", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const cohort = await cohortOf(owner);
    const strong = await createTestUser(t.db, { name: "=cmd|' /C calc'!A0" });
    const weak = await createTestUser(t.db, { name: "Zoë" });
    for (const l of [strong, weak]) await t.db.cohortMembership.create({ data: { cohortId: cohort.id, userId: l.id } });
    const a = await assign(owner, cohort.id, { title: "Week 1: VXLAN" });
    const bank = getBank(QUIZ)!;
    const single = bank.questions.find((q) => q.type === "single")!;
    const { ids } = await takeAssignment(strong.id, a.id, []);
    await takeAssignment(weak.id, a.id, ids.filter((id) => id !== ids[1]).concat([single.id]));

    const book = await getGradebook(t.db, owner, cohort.id);
    const rows = parseCsv(gradebookToCsv(book!));
    expect(gradebookToCsv(book!).startsWith(UTF8_BOM)).toBe(true);
    expect(rows[0]).toEqual(["Email", "Name", "Week 1: VXLAN: score %", "Week 1: VXLAN: status", "Week 1: VXLAN: attempts", "Week 1: VXLAN: grade changes"]);
    const strongRow = rows.find((r) => r[0] === strong.email)!;
    expect(strongRow).toEqual([strong.email, "'=cmd|' /C calc'!A0", "100", "Submitted", "1", "0"]);
    const weakRow = rows.find((r) => r[0] === weak.email)!;
    expect(weakRow[1]).toBe("Zoë");
    expect(Number(weakRow[2])).toBeCloseTo(Math.round((1 / ids.length) * 1000) / 10);

    const responses = parseCsv((await responsesCsv(t.db, owner, cohort.id))!);
    expect(responses).toHaveLength(1 + 2 * ids.length);
    const wrongSingle = responses.find((r) => r[2] === weak.email && r[9] === single.id)!;
    expect(wrongSingle[15]).toBe("no");
    expect(wrongSingle[12]).toBe(single.options.find((o) => o.id !== single.answer)!.text.replace(/^([=+\-@])/, "'$1"));

    const analysis = await getItemAnalysis(t.db, owner, cohort.id, a.id);
    expect(analysis!.attemptsAnalysed).toBe(2);
    const item = analysis!.rows.find((r) => r.questionId === single.id)!;
    expect(item.facility).toBe(0.5);
    expect(item.discrimination).toBe(1);
    expect(item.wrongAnswers[0]).toMatchObject({ count: 1, label: single.options.find((o) => o.id !== single.answer)!.text });
    const both = analysis!.rows.find((r) => r.questionId === ids[1])!;
    expect(both).toMatchObject({ facility: 1, discrimination: 0, wrongAnswers: [] });

    // The dashboard: mastery of the quiz's topic is the mean over both learners' answers.
    await t.db.lessonProgress.create({ data: { userId: weak.id, lessonSlug: "vxlan", status: "completed", completedAt: new Date() } });
    const dash = await getCohortDashboard(t.db, owner, cohort.id);
    expect(dash!.learnerCount).toBe(2);
    const topic = dash!.topics.find((x) => x.key === "vxlan")!;
    expect(topic.value).toBeCloseTo((ids.length + 1) / (2 * ids.length));
    expect(dash!.lessons.find((l) => l.key === "vxlan")).toMatchObject({ value: 0.5, detail: "1 of 2" });
    expect(dash!.weeks.at(-1)).toMatchObject({ submissions: 2 });
  });
  it("the dashboard shows only what a learner did in this cohort: nothing from before joining, from practice or from other cohorts", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const otherOwner = actor(await createTestUser(t.db, { role: "instructor" }));
    const learner = actor(await createTestUser(t.db));
    const elsewhere = await cohortOf(otherOwner);
    const elsewhereAssignment = await assign(otherOwner, elsewhere.id);
    await joinAll(t.db, otherOwner, elsewhere.id, [learner]);

    // Before joining this cohort: a lesson, a practice attempt, and a graded attempt in the other cohort.
    await t.db.lessonProgress.create({ data: { userId: learner.id, lessonSlug: "vxlan", status: "completed", completedAt: new Date(Date.now() - 2 * HOUR) } });
    const practice = await startPracticeAttempt(t.db, learner.id, getBank("flannel-basics")!);
    if (!practice.ok) throw new Error(practice.error);
    const practiceIds = JSON.parse(practice.attempt.questionIds) as string[];
    const practiced = await submitAttempt(t.db, { attemptId: practice.attempt.id, userId: learner.id, bank: getBank("flannel-basics")!, answers: answersFor("flannel-basics", practiceIds) });
    if (!practiced.ok) throw new Error(practiced.error);
    await takeAssignment(learner.id, elsewhereAssignment.id, []);

    const cohort = await cohortOf(owner);
    await joinAll(t.db, owner, cohort.id, [learner]);
    const before = await getCohortDashboard(t.db, owner, cohort.id);
    expect(before!.learnerCount).toBe(1);
    expect(before!.lessons.find((l) => l.key === "vxlan")).toMatchObject({ value: 0, detail: "0 of 1" });
    expect(before!.topics.filter((x) => x.value !== null)).toEqual([]);
    expect(before!.weeks.reduce((n, w) => n + w.submissions, 0)).toBe(0);

    // What they do for this cohort shows.
    const assignment = await assign(owner, cohort.id);
    await takeAssignment(learner.id, assignment.id, []);
    await t.db.lessonProgress.update({ where: { userId_lessonSlug: { userId: learner.id, lessonSlug: "vxlan" } }, data: { completedAt: new Date() } });
    const after = await getCohortDashboard(t.db, owner, cohort.id);
    expect(after!.lessons.find((l) => l.key === "vxlan")).toMatchObject({ value: 1, detail: "1 of 1" });
    expect(after!.topics.find((x) => x.key === "vxlan")!.value).toBe(1);
    expect(after!.topics.find((x) => x.key === "flannel")?.value ?? null).toBeNull();
    expect(after!.weeks.reduce((n, w) => n + w.submissions, 0)).toBe(1);
  });
});
