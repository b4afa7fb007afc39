/**
 * Races on one attempt, counted, not timed (issue 12, point 1): concurrent autosaves while
 * a submit (or the deadline) ends the attempt, concurrent checks, and parallel starts. The
 * invariant: an acknowledged save is in the graded set, a refused one got a 409, and every
 * stored grade was computed from the answer stored next to it. On PostgreSQL (READ
 * COMMITTED) the unserialised code broke it; SQLite's adapter serialises transactions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssignment, startAssignmentAttempt } from "../../lib/assignments.server";
import { checkAnswer, loadOwnAttempt, saveAnswers, startAttempt, submitAttempt } from "../../lib/attempts.server";
import { parseBank, type LoadedBank } from "../../lib/content/quiz-banks.server";
import { createCohort } from "../../lib/cohorts.server";
import { bankReviewOptions, gradeAnswer, type Answer } from "../../lib/quiz";
import type { Actor } from "../../lib/roles.server";
import { createTestUser } from "../factories";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";

let t: TestDatabase;

const WRITERS = 10;
const TRIALS = 15;
/** Every question's key is 5, so the stored value decides the point and a stale grade shows. */
function numericBank(feedback: "after-submit" | "immediately", attemptsAllowed: number | null = null): LoadedBank {
  const questions = Array.from({ length: WRITERS }, (_, i) => `
  - id: q${i}
    type: numeric
    topic: race
    prompt: Question ${i}
    answer: { value: 5 }
    explanation: Five.
    source: { title: "spec", url: "https://example.org/spec" }`).join("");
  return parseBank(`content/quizzes/race-${feedback}.yaml`, `
id: race-${feedback}
title: Race bank
description: Fixture for concurrency tests
topics: [race]
passMark: 0.5
attemptsAllowed: ${attemptsAllowed ?? "null"}
feedback: ${feedback}
shuffleOptions: false
questions:${questions}
`);
}

const bank = numericBank("after-submit");
const immediate = numericBank("immediately");

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

interface TrialCounts {
  questions: number;
  /** Stored answer differs from the last save that was acknowledged. */
  lostAck: number;
  /** Stored points differ from the grade of the stored answer. */
  staleGrade: number;
  /** Attempt score differs from the sum of stored points. */
  badScore: number;
  /** A save answered with something other than success or 409. */
  otherFailures: number;
}

/**
 * One attempt; WRITERS writers each save their own question with 1, 2, 3, ... (one after
 * another) until refused; once every writer has two acknowledged saves, `end` goes out
 * while they keep writing. Then the stored rows are compared with what was acknowledged.
 */
async function raceTrial(end: (attempt: { id: string; userId: string }) => Promise<unknown>, opts: { deadlineAt?: Date; now?: Date } = {}): Promise<TrialCounts> {
  const user = await createTestUser(t.db);
  const policy = { attemptsAllowed: null, timeLimitSeconds: opts.deadlineAt ? 60 : null, closesAt: null };
  const started = await startAttempt(t.db, { userId: user.id, bank, policy, now: opts.now });
  if (!started.ok) throw new Error(started.error);
  const attempt = started.attempt;
  const lastAck = new Map<string, number>();
  const counts: TrialCounts = { questions: WRITERS, lostAck: 0, staleGrade: 0, badScore: 0, otherFailures: 0 };
  let ackedTwice = 0;
  let releaseEnd!: () => void;
  const everyoneAckedTwice = new Promise<void>((resolve) => (releaseEnd = resolve));
  const writer = async (i: number) => {
    const qid = `q${i}`;
    for (let value = 1; value <= 60; value++) {
      const r = await saveAnswers(t.db, { attemptId: attempt.id, userId: user.id, bank, answers: { [qid]: { value } }, now: opts.now });
      if (r.ok) {
        lastAck.set(qid, value);
        if (value === 2 && ++ackedTwice === WRITERS) releaseEnd();
        continue;
      }
      if (r.status !== 409) counts.otherFailures++;
      if (value <= 2 && ++ackedTwice === WRITERS) releaseEnd();
      return;
    }
  };
  const ender = everyoneAckedTwice.then(() => end({ id: attempt.id, userId: user.id }));
  await Promise.all([...Array.from({ length: WRITERS }, (_, i) => writer(i)), ender]);

  const stored = await t.db.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id }, include: { responses: true } });
  expect(stored.status).toBe("submitted");
  let sum = 0;
  for (let i = 0; i < WRITERS; i++) {
    const qid = `q${i}`;
    const row = stored.responses.find((r) => r.questionId === qid);
    const answer = row ? (JSON.parse(row.answer) as Answer | null) : null;
    const storedValue = answer && "value" in answer ? answer.value : undefined;
    if (storedValue !== lastAck.get(qid)) counts.lostAck++;
    const question = bank.questions.find((q) => q.id === qid)!;
    if (!row || row.points !== gradeAnswer(question, answer, stored.seed).points) counts.staleGrade++;
    sum += row?.points ?? 0;
  }
  if (stored.score !== sum) counts.badScore++;
  return counts;
}

/**
 * Fires `n` calls in small waves (a millisecond apart) rather than all in one tick, as
 * requests arrive: later calls then start while earlier ones are committing, the
 * interleaving that made a double click open two attempts.
 */
async function inWaves<T>(n: number, call: () => Promise<T>): Promise<T[]> {
  const all: Promise<T>[] = [];
  for (let i = 0; i < n; i++) {
    all.push(call());
    if (i % 5 === 4) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return Promise.all(all);
}

function total(all: TrialCounts[]): TrialCounts {
  return all.reduce((a, b) => ({
    questions: a.questions + b.questions,
    lostAck: a.lostAck + b.lostAck,
    staleGrade: a.staleGrade + b.staleGrade,
    badScore: a.badScore + b.badScore,
    otherFailures: a.otherFailures + b.otherFailures,
  }));
}

// Counts, not timings; the long timeout only keeps a loaded 2-core CI machine from failing them.
describe(`attempt concurrency (${testProvider})`, { timeout: 180_000 }, () => {
  it(`${WRITERS} writers and a submit: every acknowledged save is graded, from the stored answer (${TRIALS} trials)`, async () => {
    const results: TrialCounts[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      results.push(await raceTrial(({ id, userId }) => submitAttempt(t.db, { attemptId: id, userId, bank, answers: {} })));
    }
    const sum = total(results);
    console.info(`save/submit race (${testProvider}):`, JSON.stringify(sum));
    expect(sum).toEqual({ questions: WRITERS * TRIALS, lostAck: 0, staleGrade: 0, badScore: 0, otherFailures: 0 });
  });

  it(`${WRITERS} writers and the deadline: the server's own submit keeps every acknowledged save (${TRIALS} trials)`, async () => {
    const T0 = new Date("2026-11-30T10:00:00.000Z");
    const results: TrialCounts[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      // Writers save "before the deadline"; the page load that ends the attempt comes after it.
      const later = new Date(T0.getTime() + 120_000);
      results.push(
        await raceTrial(({ id, userId }) => loadOwnAttempt(t.db, id, userId, bank, later), { deadlineAt: new Date(T0.getTime() + 60_000), now: T0 }),
      );
    }
    const sum = total(results);
    console.info(`save/deadline race (${testProvider}):`, JSON.stringify(sum));
    expect(sum).toEqual({ questions: WRITERS * TRIALS, lostAck: 0, staleGrade: 0, badScore: 0, otherFailures: 0 });
  });

  it("checks racing a submit: a checked answer is graded as checked, a refused check got a 409", async () => {
    let mismatched = 0;
    let other = 0;
    for (let trial = 0; trial < 5; trial++) {
      const user = await createTestUser(t.db);
      const started = await startAttempt(t.db, { userId: user.id, bank: immediate });
      if (!started.ok) throw new Error(started.error);
      const attemptId = started.attempt.id;
      const checked = new Map<string, number>();
      const checks = Array.from({ length: WRITERS }, async (_, i) => {
        const value = i % 2 === 0 ? 5 : 4;
        const r = await checkAnswer(t.db, { attemptId, userId: user.id, bank: immediate, questionId: `q${i}`, answer: { value }, review: { options: bankReviewOptions(immediate), hiddenKeys: new Set() } });
        if (r.ok) checked.set(`q${i}`, value);
        else if (r.status !== 409) other++;
      });
      // The submitted form carries other values for every question; checked ones must win.
      const form = Object.fromEntries(Array.from({ length: WRITERS }, (_, i) => [`q${i}`, { value: 100 + i }]));
      await Promise.all([...checks, submitAttempt(t.db, { attemptId, userId: user.id, bank: immediate, answers: form })]);
      const stored = await t.db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId }, include: { responses: true } });
      for (const r of stored.responses) {
        const value = (JSON.parse(r.answer) as { value: number }).value;
        const want = checked.get(r.questionId);
        if (want !== undefined && value !== want) mismatched++;
        if (r.points !== (value === 5 ? 1 : 0)) mismatched++;
      }
      if (stored.score !== stored.responses.reduce((s, r) => s + (r.points ?? 0), 0)) mismatched++;
    }
    expect({ mismatched, other }).toEqual({ mismatched: 0, other: 0 });
  });

  for (const limit of [3, 1]) {
    it(`100 parallel starts with a limit of ${limit} open exactly one attempt and all get it (4 trials)`, async () => {
      const counts = { attemptsOpened: 0, distinctIds: 0, refused: 0 };
      for (let trial = 0; trial < 4; trial++) {
        const user = await createTestUser(t.db);
        const policy = { attemptsAllowed: limit, timeLimitSeconds: null, closesAt: null };
        const results = await inWaves(100, () => startAttempt(t.db, { userId: user.id, bank, policy }));
        counts.refused += results.filter((r) => !r.ok).length;
        counts.distinctIds += new Set(results.flatMap((r) => (r.ok ? [r.attempt.id] : []))).size;
        counts.attemptsOpened += await t.db.quizAttempt.count({ where: { userId: user.id } });
      }
      console.info(`parallel starts, limit ${limit} (${testProvider}):`, JSON.stringify(counts));
      expect(counts).toEqual({ attemptsOpened: 4, distinctIds: 4, refused: 0 });
    });
  }

  it("100 parallel starts of an assignment with one attempt allowed open one attempt and nobody is told it is used up", async () => {
    const owner = await createTestUser(t.db, { role: "instructor" });
    const ownerActor = { id: owner.id, role: owner.role } as Actor;
    const cohort = await createCohort(t.db, ownerActor, { name: "Race cohort", description: "", startDate: null });
    if (!cohort.ok) throw new Error(cohort.error);
    const assignment = await createAssignment(t.db, ownerActor, cohort.cohort.id, {
      title: "",
      quizId: "vxlan-basics",
      lessonSlugs: [],
      opensAt: new Date(Date.now() - 3_600_000),
      dueAt: new Date(Date.now() + 3_600_000),
      closesAt: null,
      attemptsAllowed: 1,
      timeLimitMinutes: null,
    });
    if (!assignment.ok) throw new Error(assignment.error);
    const counts = { attemptsOpened: 0, distinctIds: 0, refused: 0 };
    for (let trial = 0; trial < 2; trial++) {
      const learner = await createTestUser(t.db);
      await t.db.cohortMembership.create({ data: { cohortId: cohort.cohort.id, userId: learner.id } });
      const results = await inWaves(100, () => startAssignmentAttempt(t.db, learner.id, assignment.assignment.id));
      counts.refused += results.filter((r) => !r.ok).length;
      counts.distinctIds += new Set(results.flatMap((r) => (r.ok ? [r.attemptId] : []))).size;
      counts.attemptsOpened += await t.db.quizAttempt.count({ where: { userId: learner.id } });
    }
    console.info(`parallel assignment starts, limit 1 (${testProvider}):`, JSON.stringify(counts));
    expect(counts).toEqual({ attemptsOpened: 2, distinctIds: 2, refused: 0 });
  });
});
