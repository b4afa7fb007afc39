/**
 * The attempt's lock as one conditional UPDATE … RETURNING (updateManyAndReturn) that also
 * decides ownership, the bank looked up from the locked row, and the submit's graded rows
 * written in one delete and one insert (issue 14, docs/decisions/018-fast-requests.md).
 * Counted, not timed; runs on SQLite and PostgreSQL. The save/submit races of decision 010
 * are in attempt-concurrency.test.ts and go through the same lock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAnswer, saveAnswers, startAttempt, submitAttempt, type BankSource } from "../../lib/attempts.server";
import { parseBank, type LoadedBank } from "../../lib/content/quiz-banks.server";
import { createDb, type Db } from "../../lib/db/client";
import { bankReviewOptions } from "../../lib/quiz";
import { createTestUser } from "../factories";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";

let t: TestDatabase;

const QUESTIONS = 10;
/** Every key is 5, so a stored value decides its point. */
function numericBank(id: string, feedback: "after-submit" | "immediately"): LoadedBank {
  const questions = Array.from({ length: QUESTIONS }, (_, i) => `
  - id: ${id}-q${i}
    type: numeric
    topic: lock
    prompt: Question ${i}
    answer: { value: 5 }
    explanation: Five.
    source: { title: "spec", url: "https://example.org/spec" }`).join("");
  return parseBank(`content/quizzes/${id}.yaml`, `
id: ${id}
title: Lock bank
description: Fixture for the attempt lock
topics: [lock]
passMark: 0.5
attemptsAllowed: null
feedback: ${feedback}
shuffleOptions: false
questions:${questions}
`);
}

const bank = numericBank("lock-after", "after-submit");
const immediate = numericBank("lock-now", "immediately");
/** What the routes pass: a lookup by the quiz id the locking statement returns. */
const lookup: BankSource = (quizId) => [bank, immediate].find((b) => b.id === quizId) ?? null;
const ids = (b: LoadedBank) => b.questions.map((q) => q.id);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

async function openAttempt(b: LoadedBank) {
  const user = await createTestUser(t.db);
  const started = await startAttempt(t.db, { userId: user.id, bank: b, questionIds: ids(b) });
  if (!started.ok) throw new Error(started.error);
  return { user, attempt: started.attempt };
}

describe("the lock decides ownership (bank looked up from the locked row)", () => {
  it("another learner's attempt is a 404 for save and submit, and nothing is written", async () => {
    const { attempt } = await openAttempt(bank);
    const stranger = await createTestUser(t.db);
    const save = await saveAnswers(t.db, { attemptId: attempt.id, userId: stranger.id, bank: lookup, answers: { [`${bank.id}-q0`]: { value: 5 } } });
    const submit = await submitAttempt(t.db, { attemptId: attempt.id, userId: stranger.id, bank: lookup, answers: {} });
    expect(save).toMatchObject({ ok: false, status: 404 });
    expect(submit).toMatchObject({ ok: false, status: 404 });
    expect(await t.db.questionResponse.count({ where: { attemptId: attempt.id } })).toBe(0);
    const row = await t.db.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
    expect(row.status).toBe("in_progress");
    expect(row.updatedAt.getTime()).toBe(attempt.updatedAt.getTime());
  });

  it("a missing attempt is a 404, and an attempt whose quiz is gone is a 404 that says so", async () => {
    const { user, attempt } = await openAttempt(bank);
    expect(await saveAnswers(t.db, { attemptId: "no-such-attempt", userId: user.id, bank: lookup, answers: {} })).toMatchObject({ ok: false, status: 404 });
    const gone = await submitAttempt(t.db, { attemptId: attempt.id, userId: user.id, bank: () => null, answers: {} });
    expect(gone).toMatchObject({ ok: false, status: 404, error: "This quiz no longer exists." });
    expect((await t.db.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).status).toBe("in_progress");
  });

  it("a bank passed directly must be the attempt's own (404 otherwise)", async () => {
    const { user, attempt } = await openAttempt(bank);
    expect(await saveAnswers(t.db, { attemptId: attempt.id, userId: user.id, bank: immediate, answers: {} })).toMatchObject({ ok: false, status: 404 });
  });

  it("after submit, saves are refused with 409 and a repeated submit returns the first result", async () => {
    const { user, attempt } = await openAttempt(bank);
    await saveAnswers(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: { [`${bank.id}-q0`]: { value: 5 }, [`${bank.id}-q1`]: { value: 4 } } });
    const first = await submitAttempt(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: {} });
    expect(first).toMatchObject({ ok: true, alreadySubmitted: false, score: 1, maxScore: QUESTIONS });
    expect(await saveAnswers(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: { [`${bank.id}-q1`]: { value: 5 } } })).toMatchObject({ ok: false, status: 409 });
    expect(await submitAttempt(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: { [`${bank.id}-q1`]: { value: 5 } } })).toMatchObject({
      ok: true,
      alreadySubmitted: true,
      score: 1,
    });
  });
});

describe("lock races through the conditional update", () => {
  it("20 parallel submits with parallel saves: one grades, all report its score, the rows agree with it", async () => {
    const trials = 5;
    let graders = 0;
    let disagreeing = 0;
    let badRows = 0;
    let otherFailures = 0;
    for (let trial = 0; trial < trials; trial++) {
      const { user, attempt } = await openAttempt(bank);
      const submits = Array.from({ length: 20 }, () => submitAttempt(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: {} }));
      const saves = ids(bank).map((q) => saveAnswers(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: { [q]: { value: 5 } } }));
      const [submitted, saved] = await Promise.all([Promise.all(submits), Promise.all(saves)]);
      const final = await t.db.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id }, include: { responses: true } });
      for (const s of submitted) {
        if (!s.ok) otherFailures++;
        else {
          if (!s.alreadySubmitted) graders++;
          if (s.score !== final.score) disagreeing++;
        }
      }
      for (const s of saved) if (!s.ok && s.status !== 409) otherFailures++;
      // One row per question, each graded, and the score is their sum; every acknowledged save is in it.
      const acked = new Set(ids(bank).filter((_, i) => saved[i]!.ok));
      if (final.responses.length !== QUESTIONS) badRows++;
      for (const r of final.responses) {
        if (r.points === null || r.gradedAt === null) badRows++;
        if (acked.has(r.questionId) && r.answer !== JSON.stringify({ value: 5 })) badRows++;
      }
      if (final.responses.reduce((s, r) => s + (r.points ?? 0), 0) !== final.score) badRows++;
    }
    expect({ graders, disagreeing, badRows, otherFailures }).toEqual({ graders: trials, disagreeing: 0, badRows: 0, otherFailures: 0 });
  });
});

describe("the submit's batched write", () => {
  it("keeps each saved row's id, creation and save time and a checked answer, and adds rows for unanswered questions", async () => {
    const { user, attempt } = await openAttempt(immediate);
    const [q0, q1] = ids(immediate);
    const review = { options: bankReviewOptions(immediate), hiddenKeys: new Set<string>() };
    expect(await saveAnswers(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: { [q0!]: { value: 4 } } })).toMatchObject({ ok: true });
    expect(await checkAnswer(t.db, { attemptId: attempt.id, userId: user.id, bank: immediate, questionId: q1!, answer: { value: 5 }, review })).toMatchObject({ ok: true });
    const before = new Map((await t.db.questionResponse.findMany({ where: { attemptId: attempt.id } })).map((r) => [r.questionId, r]));

    // The submitted form tries to change the checked answer (refused: checked answers are final) and fixes q0.
    const done = await submitAttempt(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: { [q0!]: { value: 5 }, [q1!]: { value: 1 } } });
    expect(done).toMatchObject({ ok: true, alreadySubmitted: false, score: 2, maxScore: QUESTIONS });

    const after = await t.db.questionResponse.findMany({ where: { attemptId: attempt.id } });
    expect(after).toHaveLength(QUESTIONS);
    const byQ = new Map(after.map((r) => [r.questionId, r]));
    for (const q of [q0!, q1!]) {
      const old = before.get(q)!;
      const now = byQ.get(q)!;
      expect({ id: now.id, createdAt: now.createdAt.getTime(), savedAt: now.savedAt.getTime(), checkedAt: now.checkedAt?.getTime() ?? null }).toEqual({
        id: old.id,
        createdAt: old.createdAt.getTime(),
        savedAt: old.savedAt.getTime(),
        checkedAt: old.checkedAt?.getTime() ?? null,
      });
    }
    expect(byQ.get(q0!)).toMatchObject({ answer: JSON.stringify({ value: 5 }), points: 1, correct: true });
    expect(byQ.get(q1!)).toMatchObject({ answer: JSON.stringify({ value: 5 }), points: 1, correct: true });
    const unanswered = after.filter((r) => r.questionId !== q0 && r.questionId !== q1);
    expect(unanswered.every((r) => r.answer === "null" && r.points === 0 && r.checkedAt === null && r.gradedAt !== null)).toBe(true);
  });
});

describe("a save writes all its answers in one statement", () => {
  it("inserts new rows, updates old ones in place (same id and creation time) and stamps the save time", async () => {
    const { user, attempt } = await openAttempt(bank);
    const [q0, q1, q2] = ids(bank);
    const first = new Date("2026-12-04T10:00:00.123Z");
    expect(await saveAnswers(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: { [q0!]: { value: 1 }, [q1!]: { value: 2 } }, now: first })).toMatchObject({ ok: true, saved: 2 });
    const before = new Map((await t.db.questionResponse.findMany({ where: { attemptId: attempt.id } })).map((r) => [r.questionId, r]));
    expect(before.size).toBe(2);
    expect(new Set([...before.values()].map((r) => r.id)).size).toBe(2);
    expect(before.get(q0!)).toMatchObject({ answer: JSON.stringify({ value: 1 }), checkedAt: null, points: null });
    expect(before.get(q0!)!.savedAt.getTime()).toBe(first.getTime());

    const second = new Date("2026-12-04T10:00:05.456Z");
    expect(await saveAnswers(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: { [q1!]: { value: 3 }, [q2!]: null }, now: second })).toMatchObject({ ok: true, saved: 2 });
    const after = new Map((await t.db.questionResponse.findMany({ where: { attemptId: attempt.id } })).map((r) => [r.questionId, r]));
    expect(after.size).toBe(3);
    expect(after.get(q0!)).toMatchObject({ id: before.get(q0!)!.id, answer: JSON.stringify({ value: 1 }) });
    expect(after.get(q0!)!.savedAt.getTime()).toBe(first.getTime());
    expect(after.get(q1!)).toMatchObject({ id: before.get(q1!)!.id, answer: JSON.stringify({ value: 3 }) });
    expect(after.get(q1!)!.createdAt.getTime()).toBe(before.get(q1!)!.createdAt.getTime());
    expect(after.get(q1!)!.savedAt.getTime()).toBe(second.getTime());
    expect(after.get(q1!)!.updatedAt.getTime()).toBeGreaterThanOrEqual(before.get(q1!)!.updatedAt.getTime());
    expect(after.get(q2!)).toMatchObject({ answer: "null" });
    // A later submit grades what the one statement wrote.
    expect(await submitAttempt(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: {} })).toMatchObject({ ok: true, score: 0 });
  });

  it("a save that includes a checked answer is refused with a 409 naming it, and writes none of its answers", async () => {
    const { user, attempt } = await openAttempt(immediate);
    const [q0, q1] = ids(immediate);
    expect(await checkAnswer(t.db, { attemptId: attempt.id, userId: user.id, bank: immediate, questionId: q0!, answer: { value: 5 }, review: { options: bankReviewOptions(immediate), hiddenKeys: new Set<string>() } })).toMatchObject({ ok: true });
    const refused = await saveAnswers(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: { [q1!]: { value: 2 }, [q0!]: { value: 4 } } });
    expect(refused).toMatchObject({ ok: false, status: 409 });
    expect(!refused.ok && refused.error).toContain(q0!);
    expect(!refused.ok && refused.error).not.toContain(q1!);
    const rows = await t.db.questionResponse.findMany({ where: { attemptId: attempt.id } });
    expect(rows.map((r) => [r.questionId, r.answer])).toEqual([[q0!, JSON.stringify({ value: 5 })]]);
    // The unchecked answer alone still saves.
    expect(await saveAnswers(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: { [q1!]: { value: 2 } } })).toMatchObject({ ok: true, saved: 1 });
  });

  it("twenty parallel saves of the same answers leave one row per question", async () => {
    const { user, attempt } = await openAttempt(bank);
    const answers = Object.fromEntries(ids(bank).slice(0, 5).map((q, i) => [q, { value: i }]));
    const results = await Promise.all(Array.from({ length: 20 }, () => saveAnswers(t.db, { attemptId: attempt.id, userId: user.id, bank: lookup, answers })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await t.db.questionResponse.count({ where: { attemptId: attempt.id } })).toBe(5);
  });
});

describe("statements per request (a regression guard, counted)", () => {
  let counted: Db;
  const statements: string[] = [];
  beforeAll(() => {
    // Any slowQueryMs turns Prisma's query events on; Infinity keeps the slow-query log quiet.
    counted = createDb(t.url, { slowQueryMs: Number.POSITIVE_INFINITY });
    (counted as unknown as { $on(e: "query", cb: (ev: { query: string }) => void): void }).$on("query", (ev) => statements.push(ev.query));
  });
  afterAll(async () => counted.$disconnect());

  it("a save takes three statements and a 10-question submit six, whatever the number of answers or questions", async () => {
    const { user, attempt } = await openAttempt(bank);
    const all = Object.fromEntries(ids(bank).map((q) => [q, { value: 5 }]));
    statements.length = 0;
    expect(await saveAnswers(counted, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: all })).toMatchObject({ ok: true, saved: QUESTIONS });
    // lock (UPDATE … RETURNING), one multi-row upsert, COMMIT: not one upsert per answer
    expect(statements).toHaveLength(3);

    statements.length = 0;
    expect(await saveAnswers(counted, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: { [`${bank.id}-q0`]: { value: 4 } } })).toMatchObject({ ok: true });
    expect(statements).toHaveLength(3);

    statements.length = 0;
    expect(await submitAttempt(counted, { attemptId: attempt.id, userId: user.id, bank: lookup, answers: {} })).toMatchObject({ ok: true, score: QUESTIONS - 1 });
    // lock, responses, delete, insert, attempt's status and score, COMMIT
    expect(statements).toHaveLength(6);
  });
});
