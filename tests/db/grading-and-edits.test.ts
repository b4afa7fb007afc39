import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignmentEditSchema, assignmentInputSchema, listMyAssignments, startAssignmentAttempt, updateAssignment } from "../../lib/assignments.server";
import { buildReview, getOwnAttempt, submitAttempt } from "../../lib/attempts.server";
import { createInvite, joinCohort, updateCohort } from "../../lib/cohorts.server";
import { getBank } from "../../lib/content/quiz-banks.server";
import { parseCsv } from "../../lib/csv";
import { getGradebook, responsesCsv } from "../../lib/gradebook.server";
import { applyRegrade, gradeChangesOf, overrideResponse, previewRegrade } from "../../lib/grading.server";
import { startPracticeAttempt } from "../../lib/practice.server";
import { reviewContextOf } from "../../lib/review.server";
import { createTestUser } from "../factories";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";
import { actor, answersFor, assignQuiz, cohortOf, HOUR, joinAll } from "../teaching";

/** Issue 11 points 8 and 9: regrade with a dry run, manual grading with a comment, and edits instead of delete-and-recreate. */
let t: TestDatabase;
const QUIZ = "vxlan-basics";

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

async function gradedWorld() {
  const owner = actor(await createTestUser(t.db, { role: "instructor" }));
  const learner = await createTestUser(t.db);
  const cohort = await cohortOf(t.db, owner);
  await joinAll(t.db, owner, cohort.id, [actor(learner)]);
  const assignment = await assignQuiz(t.db, owner, cohort.id, QUIZ, { closesAt: new Date(Date.now() + 24 * HOUR) });
  const started = await startAssignmentAttempt(t.db, learner.id, assignment.id);
  if (!started.ok) throw new Error(started.error);
  const attempt = await t.db.quizAttempt.findUniqueOrThrow({ where: { id: started.attemptId } });
  const bank = getBank(QUIZ)!;
  const simple = (JSON.parse(attempt.questionIds) as string[]).filter((id) => ["single", "truefalse"].includes(bank.questions.find((q) => q.id === id)!.type));
  const submitted = await submitAttempt(t.db, { attemptId: attempt.id, userId: learner.id, bank, answers: answersFor(QUIZ, simple) });
  if (!submitted.ok) throw new Error(submitted.error);
  return { owner, learner, cohort, assignment, attemptId: attempt.id, right: simple, score: submitted.score };
}

describe(`regrade (${testProvider})`, () => {
  it("previews old → new per attempt without writing, then applies and records each change", async () => {
    const w = await gradedWorld();
    // As if the key had been wrong when it was graded: two right answers stored with 0 points.
    const stale = w.right.slice(0, 2);
    await t.db.questionResponse.updateMany({ where: { attemptId: w.attemptId, questionId: { in: stale } }, data: { points: 0, correct: false } });
    await t.db.quizAttempt.update({ where: { id: w.attemptId }, data: { score: w.score - 2 } });

    const preview = await previewRegrade(t.db, w.owner, w.assignment.id);
    if (!preview.ok) throw new Error(preview.error);
    expect(preview.rows).toHaveLength(1);
    expect(preview.rows[0]).toMatchObject({ attemptId: w.attemptId, oldScore: w.score - 2, newScore: w.score });
    expect(preview.rows[0]!.changes.map((c) => [c.questionId, c.oldPoints, c.newPoints])).toEqual(stale.map((id) => [id, 0, 1]));
    expect((await t.db.quizAttempt.findUniqueOrThrow({ where: { id: w.attemptId } })).score, "a dry run writes nothing").toBe(w.score - 2);
    expect(await t.db.gradeChange.count({ where: { attemptId: w.attemptId } })).toBe(0);

    expect(await applyRegrade(t.db, w.owner, w.assignment.id)).toMatchObject({ ok: true, changedAttempts: 1, changedResponses: 2 });
    expect((await t.db.quizAttempt.findUniqueOrThrow({ where: { id: w.attemptId } })).score).toBe(w.score);
    const changes = await gradeChangesOf(t.db, [w.attemptId]);
    expect(changes.map((c) => [c.kind, c.oldPoints, c.newPoints, c.byUserId]).sort()).toEqual(stale.map(() => ["regrade", 0, 1, w.owner.id]));
    // Nothing left to change.
    expect(await previewRegrade(t.db, w.owner, w.assignment.id)).toMatchObject({ ok: true, rows: [] });
  });

  it("is refused to learners (403) and to instructors of other cohorts (404), writing nothing", async () => {
    const w = await gradedWorld();
    const stranger = actor(await createTestUser(t.db, { role: "instructor" }));
    expect(await previewRegrade(t.db, actor(w.learner), w.assignment.id)).toMatchObject({ ok: false, status: 403 });
    expect(await applyRegrade(t.db, stranger, w.assignment.id)).toMatchObject({ ok: false, status: 404 });
    expect(await overrideResponse(t.db, stranger, w.attemptId, { questionId: w.right[0]!, points: 0, comment: "no" })).toMatchObject({ ok: false, status: 404 });
    expect(await overrideResponse(t.db, actor(w.learner), w.attemptId, { questionId: w.right[0]!, points: 0, comment: "no" })).toMatchObject({ ok: false, status: 403 });
    expect(await t.db.gradeChange.count({ where: { attemptId: w.attemptId } })).toBe(0);
  });
});

describe(`manual grading (${testProvider})`, () => {
  it("overrides one response's points with a comment the learner sees; a later regrade keeps it", async () => {
    const w = await gradedWorld();
    const q = w.right[0]!;
    expect(await overrideResponse(t.db, w.owner, w.attemptId, { questionId: q, points: 2, comment: "too many" })).toMatchObject({ ok: false, status: 400 });
    expect(await overrideResponse(t.db, w.owner, w.attemptId, { questionId: "not-in-attempt", points: 0, comment: "x" })).toMatchObject({ ok: false, status: 400 });
    const r = await overrideResponse(t.db, w.owner, w.attemptId, { questionId: q, points: 0.5, comment: "Right port, wrong reason: 8472 is flannel's, not IANA's." });
    expect(r).toMatchObject({ ok: true, score: w.score - 0.5 });
    const [change] = await gradeChangesOf(t.db, [w.attemptId]);
    expect(change).toMatchObject({ kind: "override", questionId: q, oldPoints: 1, newPoints: 0.5, oldScore: w.score, newScore: w.score - 0.5, byUserId: w.owner.id });

    // The learner's review shows the grade and the comment (score shows after the attempt by default).
    const attempt = (await getOwnAttempt(t.db, w.attemptId, w.learner.id))!;
    const items = buildReview(attempt, getBank(QUIZ)!, await reviewContextOf(t.db, attempt, getBank(QUIZ)!));
    expect(items.find((i) => i.question.id === q)).toMatchObject({ points: 0.5, correct: false, comment: expect.stringContaining("wrong reason") });

    // A regrade leaves the instructor's judgement alone.
    expect(await previewRegrade(t.db, w.owner, w.assignment.id)).toMatchObject({ ok: true, rows: [] });
    const book = await getGradebook(t.db, w.owner, w.cohort.id);
    expect(book!.rows[0]!.cells[0]).toMatchObject({ bestScore: w.score - 0.5, gradeChanges: 1 });
    // The responses CSV says who changed it, when, from what, and why.
    const csv = parseCsv((await responsesCsv(t.db, w.owner, w.cohort.id))!);
    const head = csv[0]!;
    const row = csv.find((r) => r[head.indexOf("Question id")] === q)!;
    expect(row[head.indexOf("Set by hand")]).toBe("yes");
    expect(row[head.indexOf("Grade comment")]).toContain("wrong reason");
    expect(row[head.indexOf("Changed by")]).toBe((await t.db.user.findUniqueOrThrow({ where: { id: w.owner.id } })).email);
    expect(row[head.indexOf("Points before")]).toBe("1");
    expect(row[head.indexOf("Points")]).toBe("0.5");
  });
});

describe(`editing assignments and cohorts (${testProvider})`, () => {
  it("edits dates, limits, review options, grading method and pass mark; refuses bad orders naming the field", async () => {
    const w = await gradedWorld();
    const due = new Date(Date.now() + 48 * HOUR);
    const edited = await updateAssignment(t.db, w.owner, w.assignment.id, assignmentEditSchema.parse({
      title: "Week 1 (extended)", dueAt: due.toISOString(), closesAt: null, attemptsAllowed: 2, reviewRightAnswers: "after-due", gradingMethod: "last", passMarkPercent: 80,
    }));
    if (!edited.ok) throw new Error(edited.error);
    expect(edited.assignment).toMatchObject({ title: "Week 1 (extended)", closesAt: null, attemptsAllowed: 2, gradingMethod: "last", passMark: 0.8 });
    expect(edited.assignment.dueAt.toISOString()).toBe(due.toISOString());
    expect(JSON.parse(edited.assignment.reviewOptions!)).toMatchObject({ rightAnswers: "after-due", score: "after-attempt" });
    // Left-out fields stay as they were.
    const again = await updateAssignment(t.db, w.owner, w.assignment.id, assignmentEditSchema.parse({ title: "Week 1" }));
    expect(again).toMatchObject({ ok: true, assignment: { attemptsAllowed: 2, gradingMethod: "last", passMark: 0.8 } });

    expect(await updateAssignment(t.db, w.owner, w.assignment.id, assignmentEditSchema.parse({ dueAt: new Date(Date.now() - 48 * HOUR).toISOString() }))).toMatchObject({ ok: false, status: 400, fieldErrors: { dueAt: expect.any(String) } });
    expect(await updateAssignment(t.db, w.owner, w.assignment.id, assignmentEditSchema.parse({ closesAt: new Date(Date.now() + HOUR).toISOString() }))).toMatchObject({ ok: false, status: 400, fieldErrors: { closesAt: expect.any(String) } });
    expect(assignmentEditSchema.safeParse({ quizId: "flannel-basics" }).success).toBe(false);
    expect(assignmentEditSchema.safeParse({ dueAt: "+275760-09-13T00:00:00.000Z" }).success).toBe(false);
    const stranger = actor(await createTestUser(t.db, { role: "instructor" }));
    expect(await updateAssignment(t.db, stranger, w.assignment.id, assignmentEditSchema.parse({ title: "mine now" }))).toMatchObject({ ok: false, status: 404 });
  });

  it('an empty "opens" date means now, not 1970; a missing due date is named', () => {
    const before = Date.now();
    const parsed = assignmentInputSchema.safeParse({ quizId: QUIZ, opensAt: null, dueAt: new Date(Date.now() + HOUR).toISOString() });
    expect(parsed.success).toBe(true);
    expect(parsed.data!.opensAt).toBeNull();
    const missing = assignmentInputSchema.safeParse({ quizId: QUIZ, opensAt: null, dueAt: null });
    expect(missing.success).toBe(false);
    expect(missing.error!.issues.find((i) => i.path[0] === "dueAt")?.message).toContain("Enter a due date");
    expect(before).toBeGreaterThan(0);
  });

  it("renames and archives a cohort: no new joins, its assignments lock nothing and leave the learner's list", async () => {
    const w = await gradedWorld();
    expect(await updateCohort(t.db, w.owner, w.cohort.id, { name: "Intake 1 (2026)" })).toMatchObject({ ok: true, cohort: { name: "Intake 1 (2026)", archivedAt: null } });
    expect(await startPracticeAttempt(t.db, w.learner.id, getBank(QUIZ)!)).toMatchObject({ ok: false, status: 409 });
    const invite = await createInvite(t.db, w.owner, w.cohort.id, { expiresInDays: null, maxUses: null });
    if (!invite.ok) throw new Error(invite.error);
    expect((await updateCohort(t.db, w.owner, w.cohort.id, { archived: true })).ok).toBe(true);
    const newcomer = await createTestUser(t.db);
    expect(await joinCohort(t.db, actor(newcomer), invite.invite.code)).toMatchObject({ ok: false, status: 410 });
    expect(await listMyAssignments(t.db, w.learner.id)).toEqual([]);
    expect(await startPracticeAttempt(t.db, w.learner.id, getBank(QUIZ)!)).toMatchObject({ ok: true });
    expect(await updateCohort(t.db, actor(w.learner), w.cohort.id, { archived: false })).toMatchObject({ ok: false, status: 403 });
    expect((await updateCohort(t.db, w.owner, w.cohort.id, { archived: false })).ok).toBe(true);
    expect(await listMyAssignments(t.db, w.learner.id)).toHaveLength(1);
  });
});
