import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReview, getOwnAttempt, publicQuestionsFor, startAttempt, submitAttempt } from "../../lib/attempts.server";
import { parseBank } from "../../lib/content/quiz-banks.server";
import { perfectAnswers, sampleBankYaml } from "../fixtures/sample-bank";
import { createTestUser } from "../factories";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";

let t: TestDatabase;
const bank = parseBank("content/quizzes/sample-bank.yaml", sampleBankYaml);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

async function started(userId: string) {
  const r = await startAttempt(t.db, { userId, bank });
  if (!r.ok) throw new Error(r.error);
  return r.attempt;
}

describe(`quiz attempts (${testProvider})`, () => {
  it("grades on submit, stores one response per question and the score", async () => {
    const u = await createTestUser(t.db);
    const attempt = await started(u.id);
    expect(attempt.attemptNumber).toBe(1);
    const result = await submitAttempt(t.db, {
      attemptId: attempt.id,
      userId: u.id,
      bank,
      answers: { ...perfectAnswers, "s-single": { choice: "a" }, "s-multiple": { choices: ["a", "b"] } },
    });
    expect(result).toMatchObject({ ok: true, alreadySubmitted: false, maxScore: 5 });
    if (!result.ok) return;
    expect(result.score).toBeCloseTo(3 + 2 / 3);
    const stored = await getOwnAttempt(t.db, attempt.id, u.id);
    expect(stored?.status).toBe("submitted");
    expect(stored?.submittedAt).toBeInstanceOf(Date);
    expect(stored?.responses).toHaveLength(5);
    const review = buildReview(stored!, bank);
    const single = review.find((r) => r.question.id === "s-single");
    expect(single).toMatchObject({ correct: false, yourAnswer: "4789", correctAnswer: "8472" });
    expect(single?.misconceptions[0]).toContain("SENTINEL-MISCONCEPTION");
  });

  it("a resumed start returns the open attempt instead of a second one", async () => {
    const u = await createTestUser(t.db);
    const a = await started(u.id);
    const again = await startAttempt(t.db, { userId: u.id, bank });
    expect(again).toMatchObject({ ok: true, resumed: true, attempt: { id: a.id } });
  });

  it("submitting twice at once grades once and both callers see the same result", async () => {
    const u = await createTestUser(t.db);
    const attempt = await started(u.id);
    const input = { attemptId: attempt.id, userId: u.id, bank, answers: perfectAnswers };
    const [one, two] = await Promise.all([submitAttempt(t.db, input), submitAttempt(t.db, input)]);
    expect(one.ok && two.ok).toBe(true);
    if (!one.ok || !two.ok) return;
    expect([one.alreadySubmitted, two.alreadySubmitted].sort()).toEqual([false, true]);
    expect(one.score).toBe(5);
    expect(two.score).toBe(5);
    // A third, later submission with different answers changes nothing.
    const later = await submitAttempt(t.db, { ...input, answers: {} });
    expect(later).toMatchObject({ ok: true, alreadySubmitted: true, score: 5 });
    expect(await t.db.questionResponse.count({ where: { attemptId: attempt.id } })).toBe(5);
  });

  it("refuses invalid answers with a 400 and writes nothing", async () => {
    const u = await createTestUser(t.db);
    const attempt = await started(u.id);
    const result = await submitAttempt(t.db, {
      attemptId: attempt.id,
      userId: u.id,
      bank,
      answers: { "s-single": { choice: "zz" }, "not-a-question": { value: 1 }, "s-numeric": { value: "fifty" } },
    });
    expect(result).toMatchObject({ ok: false, status: 400 });
    if (result.ok) return;
    expect(Object.keys(result.details ?? {}).sort()).toEqual(["not-a-question", "s-numeric", "s-single"]);
    const stored = await getOwnAttempt(t.db, attempt.id, u.id);
    expect(stored?.status).toBe("in_progress");
    expect(stored?.responses).toHaveLength(0);
  });

  it("another learner's attempt is a 404 for reading and submitting", async () => {
    const owner = await createTestUser(t.db);
    const intruder = await createTestUser(t.db);
    const attempt = await started(owner.id);
    expect(await getOwnAttempt(t.db, attempt.id, intruder.id)).toBeNull();
    const r = await submitAttempt(t.db, { attemptId: attempt.id, userId: intruder.id, bank, answers: perfectAnswers });
    expect(r).toMatchObject({ ok: false, status: 404 });
    expect((await getOwnAttempt(t.db, attempt.id, owner.id))?.status).toBe("in_progress");
  });

  it("numbers attempts 1, 2, 3 and stops at the bank's limit", async () => {
    const u = await createTestUser(t.db);
    for (let n = 1; n <= 3; n++) {
      const a = await started(u.id);
      expect(a.attemptNumber).toBe(n);
      await submitAttempt(t.db, { attemptId: a.id, userId: u.id, bank, answers: {} });
    }
    expect(await startAttempt(t.db, { userId: u.id, bank })).toMatchObject({ ok: false, status: 409 });
  });

  it("the public questions of an attempt hold no keys and keep a stable order per seed", async () => {
    const u = await createTestUser(t.db);
    const a = await started(u.id);
    const first = publicQuestionsFor(a, bank);
    expect(JSON.stringify(first)).not.toMatch(/SENTINEL|explanation|answer/);
    expect(publicQuestionsFor(a, bank)).toEqual(first);
    expect(() => buildReview({ ...a, responses: [] }, bank)).toThrow(/not submitted/);
  });
});

describe(`constraints that make impossible states impossible (${testProvider})`, () => {
  it("one response per question per attempt, unique attempt numbers, one membership per cohort", async () => {
    const u = await createTestUser(t.db, { role: "instructor" });
    const a = await started(u.id);
    await t.db.questionResponse.create({ data: { attemptId: a.id, questionId: "s-tf", answer: "null" } });
    await expect(t.db.questionResponse.create({ data: { attemptId: a.id, questionId: "s-tf", answer: "null" } })).rejects.toMatchObject({
      code: "P2002",
    });
    await expect(
      t.db.quizAttempt.create({
        data: { userId: u.id, quizId: bank.id, attemptNumber: a.attemptNumber, seed: 1, questionIds: "[]", bankVersion: "x" },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    const cohort = await t.db.cohort.create({ data: { name: "C", ownerId: u.id } });
    await t.db.cohortMembership.create({ data: { cohortId: cohort.id, userId: u.id } });
    await expect(t.db.cohortMembership.create({ data: { cohortId: cohort.id, userId: u.id } })).rejects.toMatchObject({ code: "P2002" });
  });
});
