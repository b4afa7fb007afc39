import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAssignmentAttempt } from "../../lib/assignments.server";
import { buildReview, getOwnAttempt, startAttempt, submitAttempt } from "../../lib/attempts.server";
import { practicePoolOf } from "../../lib/content/check-yourself.server";
import { getBank, REVIEW_QUIZ_ID } from "../../lib/content/quiz-banks.server";
import { seriesUpTo } from "../../lib/attempt-series";
import { parseCsv } from "../../lib/csv";
import { getGradebook, responsesCsv } from "../../lib/gradebook.server";
import { topicMastery } from "../../lib/mastery";
import { gradedAnswersOf } from "../../lib/mastery.server";
import { startPracticeAttempt } from "../../lib/practice.server";
import { reviewContextOf } from "../../lib/review.server";
import { createTestUser } from "../factories";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";
import { actor, answersFor, assignQuiz, cohortOf, HOUR, joinAll } from "../teaching";

/**
 * Issue 11's attacker: with a graded assignment open, no other route gives the learner a
 * key of its questions (practice attempts, earlier practice reviews, "review what I
 * missed", the assignment's own review before its close date, check-yourself questions).
 */
let t: TestDatabase;
const QUIZ = "vxlan-basics";

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

async function world(closesInHours: number | null = 24) {
  const owner = actor(await createTestUser(t.db, { role: "instructor" }));
  const learner = await createTestUser(t.db);
  const cohort = await cohortOf(t.db, owner);
  await joinAll(t.db, owner, cohort.id, [actor(learner)]);
  return { owner, learner, cohort, closesAt: closesInHours === null ? null : new Date(Date.now() + closesInHours * HOUR) };
}

async function submitAllWrong(userId: string, attemptId: string) {
  const attempt = await t.db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  const ids = JSON.parse(attempt.questionIds) as string[];
  const bank = getBank(attempt.quizId)!;
  const answerable = ids.filter((id) => ["single", "multiple", "truefalse", "numeric", "text"].includes(bank.questions.find((q) => q.id === id)!.type));
  const r = await submitAttempt(t.db, { attemptId, userId, bank, answers: answersFor(bank.id === REVIEW_QUIZ_ID ? QUIZ : bank.id, answerable, new Set(answerable)) });
  if (!r.ok) throw new Error(r.error);
}

async function reviewOf(userId: string, attemptId: string, now = new Date()) {
  const attempt = (await getOwnAttempt(t.db, attemptId, userId))!;
  const bank = getBank(attempt.quizId)!;
  return buildReview(attempt, bank, await reviewContextOf(t.db, attempt, bank, now));
}

describe(`assessment integrity (${testProvider})`, () => {
  it("refuses a practice attempt at a quiz while an assignment on it is open, and reopens practice once it closes", async () => {
    const w = await world(2);
    await assignQuiz(t.db, w.owner, w.cohort.id, QUIZ, { closesAt: w.closesAt, dueAt: new Date(Date.now() + HOUR) });
    const refused = await startPracticeAttempt(t.db, w.learner.id, getBank(QUIZ)!);
    expect(refused).toMatchObject({ ok: false, status: 409, error: expect.stringContaining("Practice on this quiz is closed") });
    expect(await t.db.quizAttempt.count({ where: { userId: w.learner.id, assignmentId: null } })).toBe(0);
    // Another quiz is not locked.
    expect(await startPracticeAttempt(t.db, w.learner.id, getBank("flannel-basics")!)).toMatchObject({ ok: true });
    // After the close date, practice opens again.
    expect(await startPracticeAttempt(t.db, w.learner.id, getBank(QUIZ)!, new Date(Date.now() + 3 * HOUR))).toMatchObject({ ok: true });
  });

  it("an assignment that never closes keeps practice on its quiz closed", async () => {
    const w = await world(null);
    await assignQuiz(t.db, w.owner, w.cohort.id, QUIZ, { closesAt: null });
    expect(await startPracticeAttempt(t.db, w.learner.id, getBank(QUIZ)!, new Date(Date.now() + 1000 * HOUR))).toMatchObject({ ok: false, status: 409 });
  });

  it("hides keys, grades and explanations of an earlier practice attempt while the assignment is open", async () => {
    const w = await world(24);
    const practice = await startPracticeAttempt(t.db, w.learner.id, getBank(QUIZ)!);
    if (!practice.ok) throw new Error(practice.error);
    await submitAllWrong(w.learner.id, practice.attempt.id);
    // Before any assignment: the practice review shows the keys.
    const before = await reviewOf(w.learner.id, practice.attempt.id);
    expect(before.every((i) => i.correctAnswer !== null && i.explanation !== null)).toBe(true);

    await assignQuiz(t.db, w.owner, w.cohort.id, QUIZ, { closesAt: w.closesAt });
    const during = await reviewOf(w.learner.id, practice.attempt.id);
    const publicIds = practicePoolOf(QUIZ);
    const locked = during.filter((i) => !publicIds.has(i.question.id));
    expect(locked.length).toBeGreaterThan(5);
    for (const item of locked) {
      expect(item, item.question.id).toMatchObject({ locked: true, correctAnswer: null, explanation: null, points: null, correct: null, misconceptions: [] });
      expect(item.yourAnswer, "the learner's own answer still shows").not.toBeNull();
    }
    // After the close date the keys show again.
    const after = await reviewOf(w.learner.id, practice.attempt.id, new Date(Date.now() + 25 * HOUR));
    expect(after.every((i) => i.correctAnswer !== null && !i.locked)).toBe(true);
  });

  it('"review what I missed" leaves out the questions of an open assignment', async () => {
    const w = await world(24);
    const practice = await startPracticeAttempt(t.db, w.learner.id, getBank(QUIZ)!);
    if (!practice.ok) throw new Error(practice.error);
    await submitAllWrong(w.learner.id, practice.attempt.id);
    await assignQuiz(t.db, w.owner, w.cohort.id, QUIZ, { closesAt: w.closesAt });
    const review = await startPracticeAttempt(t.db, w.learner.id, getBank(REVIEW_QUIZ_ID)!);
    if (review.ok) {
      // Only public check-yourself questions may be drawn.
      const ids = JSON.parse(review.attempt.questionIds) as string[];
      for (const id of ids) expect(practicePoolOf(QUIZ).has(id), id).toBe(true);
    } else {
      expect(review).toMatchObject({ status: 409, error: expect.stringContaining("assignments that are still open") });
    }
  });

  it("a graded draw leaves out the bank's public check-yourself questions", async () => {
    const w = await world(24);
    const a = await assignQuiz(t.db, w.owner, w.cohort.id, QUIZ, { closesAt: w.closesAt });
    const started = await startAssignmentAttempt(t.db, w.learner.id, a.id);
    if (!started.ok) throw new Error(started.error);
    const ids = JSON.parse((await t.db.quizAttempt.findUniqueOrThrow({ where: { id: started.attemptId } })).questionIds) as string[];
    const publicIds = [...practicePoolOf(QUIZ)];
    expect(publicIds.length).toBeGreaterThanOrEqual(3);
    for (const id of publicIds) expect(ids).not.toContain(id);
    expect(ids.length).toBe(getBank(QUIZ)!.questions.length - publicIds.length);
  });

  it("the assignment's own review shows score and answers after the attempt, right answers only after the close date", async () => {
    const w = await world(24);
    const a = await assignQuiz(t.db, w.owner, w.cohort.id, QUIZ, { closesAt: w.closesAt, attemptsAllowed: 3 });
    const started = await startAssignmentAttempt(t.db, w.learner.id, a.id);
    if (!started.ok) throw new Error(started.error);
    await submitAllWrong(w.learner.id, started.attemptId);
    const attempt = (await getOwnAttempt(t.db, started.attemptId, w.learner.id))!;
    const context = await reviewContextOf(t.db, attempt, getBank(QUIZ)!);
    expect(context.visibility).toEqual({ score: true, answers: true, rightAnswers: false, explanations: false });
    expect(context.timing.join(" ")).toContain("after the close date");
    const items = await reviewOf(w.learner.id, started.attemptId);
    expect(items.every((i) => i.correctAnswer === null && i.explanation === null && i.yourAnswer !== null && i.points !== null)).toBe(true);
    const later = await reviewOf(w.learner.id, started.attemptId, new Date(Date.now() + 25 * HOUR));
    expect(later.every((i) => i.correctAnswer !== null && i.explanation !== null)).toBe(true);
  });

  it("review options chosen by the instructor are applied (after the due date; never)", async () => {
    const w = await world(48);
    const a = await assignQuiz(t.db, w.owner, w.cohort.id, QUIZ, {
      closesAt: w.closesAt,
      dueAt: new Date(Date.now() + 24 * HOUR),
      reviewScore: "after-due",
      reviewAnswers: "after-attempt",
      reviewRightAnswers: "after-due",
      reviewExplanations: "never",
    });
    const started = await startAssignmentAttempt(t.db, w.learner.id, a.id);
    if (!started.ok) throw new Error(started.error);
    await submitAllWrong(w.learner.id, started.attemptId);
    const now = await reviewOf(w.learner.id, started.attemptId);
    expect(now.every((i) => i.points === null && i.correctAnswer === null && i.yourAnswer !== null)).toBe(true);
    const afterDue = await reviewOf(w.learner.id, started.attemptId, new Date(Date.now() + 25 * HOUR));
    expect(afterDue.every((i) => i.points !== null && i.correctAnswer !== null && i.explanation === null)).toBe(true);
  });

  it("the same quiz assigned in another cohort: one assignment's review does not show keys while the other is open", async () => {
    const w = await world(1);
    const early = await assignQuiz(t.db, w.owner, w.cohort.id, QUIZ, { closesAt: w.closesAt, reviewRightAnswers: "after-attempt", reviewExplanations: "after-attempt" });
    const other = await cohortOf(t.db, w.owner, "Second intake");
    await joinAll(t.db, w.owner, other.id, [actor(w.learner)]);
    await assignQuiz(t.db, w.owner, other.id, QUIZ, { closesAt: new Date(Date.now() + 48 * HOUR) });
    const started = await startAssignmentAttempt(t.db, w.learner.id, early.id);
    if (!started.ok) throw new Error(started.error);
    await submitAllWrong(w.learner.id, started.attemptId);
    const items = await reviewOf(w.learner.id, started.attemptId);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.locked && i.correctAnswer === null)).toBe(true);
  });

  it("without assignments, practice reviews show every key as before", async () => {
    const u = await createTestUser(t.db);
    const r = await startAttempt(t.db, { userId: u.id, bank: getBank(QUIZ)! });
    if (!r.ok) throw new Error(r.error);
    await submitAllWrong(u.id, r.attempt.id);
    const items = await reviewOf(u.id, r.attempt.id);
    expect(items.every((i) => !i.locked && i.correctAnswer !== null && i.points === 0)).toBe(true);
  });

  it("mastery after one attempt is, per topic, that attempt's share of points", async () => {
    const u = await createTestUser(t.db);
    const bank = getBank(QUIZ)!;
    const r = await startAttempt(t.db, { userId: u.id, bank });
    if (!r.ok) throw new Error(r.error);
    const ids = (JSON.parse(r.attempt.questionIds) as string[]).filter((id) => ["single", "truefalse", "numeric"].includes(bank.questions.find((q) => q.id === id)!.type));
    const wrong = new Set(ids.filter((_, i) => i % 3 === 0));
    const submitted = await submitAttempt(t.db, { attemptId: r.attempt.id, userId: u.id, bank, answers: answersFor(QUIZ, ids, wrong) });
    if (!submitted.ok) throw new Error(submitted.error);
    const responses = await t.db.questionResponse.findMany({ where: { attemptId: r.attempt.id, maxPoints: { gt: 0 } } });
    const share = new Map<string, { got: number; of: number }>();
    for (const row of responses) {
      const topic = bank.questions.find((q) => q.id === row.questionId)!.topic;
      const s = share.get(topic) ?? { got: 0, of: 0 };
      share.set(topic, { got: s.got + (row.points ?? 0) / (row.maxPoints ?? 1), of: s.of + 1 });
    }
    const mastery = topicMastery(await gradedAnswersOf(t.db, u.id));
    expect(mastery.length).toBe(share.size);
    for (const m of mastery) expect(m.mastery, m.topic).toBeCloseTo(share.get(m.topic)!.got / share.get(m.topic)!.of, 10);
  });

  it("numbers attempts within their series everywhere: the same quiz in a second cohort starts at attempt 1", async () => {
    const w = await world(24);
    const first = await assignQuiz(t.db, w.owner, w.cohort.id, QUIZ, { closesAt: w.closesAt });
    const other = await cohortOf(t.db, w.owner, "Second intake");
    await joinAll(t.db, w.owner, other.id, [actor(w.learner)]);
    const second = await assignQuiz(t.db, w.owner, other.id, QUIZ, { closesAt: w.closesAt });
    for (const a of [first, second]) {
      const started = await startAssignmentAttempt(t.db, w.learner.id, a.id);
      if (!started.ok) throw new Error(started.error);
      await submitAllWrong(w.learner.id, started.attemptId);
    }
    const attempt = await t.db.quizAttempt.findFirstOrThrow({ where: { assignmentId: second.id } });
    expect(attempt.attemptNumber, "the stored counter spans both cohorts").toBe(2);
    expect(await t.db.quizAttempt.count({ where: seriesUpTo(attempt) }), "drill-down").toBe(1);
    const book = await getGradebook(t.db, w.owner, other.id);
    expect(book!.rows[0]!.cells[0]!.attemptIds, "gradebook links #1").toEqual([attempt.id]);
    const csv = parseCsv((await responsesCsv(t.db, w.owner, other.id))!);
    const col = csv[0]!.indexOf("Attempt");
    expect(new Set(csv.slice(1).map((row) => row[col])), "responses CSV").toEqual(new Set(["1"]));
  });
});
