import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildReview,
  checkAnswer,
  finaliseExpiredAttempts,
  getOwnAttempt,
  loadOwnAttempt,
  publicQuestionsFor,
  regradeAttempt,
  saveAnswers,
  startAttempt,
  submitAttempt,
  type AttemptPolicy,
} from "../../lib/attempts.server";
import { parseBank, type LoadedBank } from "../../lib/content/quiz-banks.server";
import { bankReviewOptions, instantiatePathQuestion, pathKeyAsAnswer, type PathQuestion } from "../../lib/quiz";
import { engineBankYaml } from "../fixtures/engine-bank";
import { sampleBankYaml } from "../fixtures/sample-bank";
import { createTestUser } from "../factories";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";

let t: TestDatabase;
const engine = parseBank("content/quizzes/engine-bank.yaml", engineBankYaml);
const sample = parseBank("content/quizzes/sample-bank.yaml", sampleBankYaml);
const T0 = new Date("2026-11-30T10:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const reviewOf = (bank: LoadedBank) => ({ options: bankReviewOptions(bank), hiddenKeys: new Set<string>() });

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

async function started(userId: string, bank: LoadedBank, policy?: AttemptPolicy, now = T0) {
  const r = await startAttempt(t.db, { userId, bank, policy, now });
  if (!r.ok) throw new Error(r.error);
  return r.attempt;
}

/** The right answer to every engine-bank question for this attempt seed. */
function perfectEngineAnswers(seed: number): Record<string, unknown> {
  const answers: Record<string, unknown> = { "e-order": { order: ["a", "b", "c", "d"] }, "e-match": { pairs: { c: "i", n: "o", l: "e" } } };
  for (const q of engine.questions) if (q.type === "path") answers[q.id] = pathKeyAsAnswer(instantiatePathQuestion(q as PathQuestion, seed));
  return answers;
}

describe(`engine-graded attempts (${testProvider})`, () => {
  it("grades path questions from the stored seed, and a regrade gives the same score", async () => {
    const u = await createTestUser(t.db);
    const attempt = await started(u.id, engine);
    const publicJson = JSON.stringify(publicQuestionsFor(attempt, engine));
    expect(publicJson).toContain('"type":"path"');
    expect(publicJson).not.toMatch(/SENTINEL/);
    const answers = perfectEngineAnswers(attempt.seed);
    answers["e-path-order"] = { devices: (answers["e-path-order"] as { devices: string[] }).devices.slice(0, -1) };
    const result = await submitAttempt(t.db, { attemptId: attempt.id, userId: u.id, bank: engine, answers, now: at(5) });
    expect(result).toMatchObject({ ok: true, alreadySubmitted: false, maxScore: 6 });
    if (!result.ok) return;
    expect(result.score).toBeGreaterThan(5);
    expect(result.score).toBeLessThan(6);
    const stored = await getOwnAttempt(t.db, attempt.id, u.id);
    const review = buildReview(stored!, engine);
    const order = review.find((r) => r.question.id === "e-path-order")!;
    expect(order.correct).toBe(false);
    expect(order.points).toBeGreaterThan(0.8);
    expect(order.explanation).toContain("SENTINEL-EXPLANATION-PATH-ORDER");
    expect(order.correctAnswer).toContain(" → ");
    expect(await regradeAttempt(t.db, attempt.id, engine)).toEqual({ score: result.score, maxScore: 6 });
  });

  it("an answer naming a device of another seed's cluster is a 400, not a grade", async () => {
    const u = await createTestUser(t.db);
    const attempt = await started(u.id, engine);
    const other = pathKeyAsAnswer(instantiatePathQuestion(engine.questions.find((q) => q.id === "e-path-order") as PathQuestion, attempt.seed + 1));
    const r = await submitAttempt(t.db, { attemptId: attempt.id, userId: u.id, bank: engine, answers: { "e-path-order": { devices: [...(other.devices ?? []), "nowhere/host/eth0"] } }, now: at(1) });
    expect(r).toMatchObject({ ok: false, status: 400 });
    expect((await getOwnAttempt(t.db, attempt.id, u.id))?.status).toBe("in_progress");
  });
});

describe(`autosave and server-side time limits (${testProvider})`, () => {
  const timed: AttemptPolicy = { attemptsAllowed: null, timeLimitSeconds: 60, closesAt: null };

  it("autosaved answers are what an empty submit grades", async () => {
    const u = await createTestUser(t.db);
    const attempt = await started(u.id, sample);
    expect(await saveAnswers(t.db, { attemptId: attempt.id, userId: u.id, bank: sample, answers: { "s-single": { choice: "b" }, "s-tf": { value: true } }, now: at(1) })).toMatchObject({ ok: true, saved: 2 });
    // A later save overwrites one answer and clears another.
    await saveAnswers(t.db, { attemptId: attempt.id, userId: u.id, bank: sample, answers: { "s-tf": null, "s-numeric": { value: 50 } }, now: at(2) });
    const r = await submitAttempt(t.db, { attemptId: attempt.id, userId: u.id, bank: sample, answers: {}, now: at(3) });
    expect(r).toMatchObject({ ok: true, score: 2, autoSubmitted: false });
    expect(await saveAnswers(t.db, { attemptId: attempt.id, userId: u.id, bank: sample, answers: { "s-tf": { value: false } }, now: at(4) })).toMatchObject({ ok: false, status: 409 });
  });

  it("refuses invalid autosaves with a 400 naming the question, and saves nothing", async () => {
    const u = await createTestUser(t.db);
    const attempt = await started(u.id, sample);
    const r = await saveAnswers(t.db, { attemptId: attempt.id, userId: u.id, bank: sample, answers: { "s-single": { choice: "b" }, "s-text": { text: "x".repeat(600) } } });
    expect(r).toMatchObject({ ok: false, status: 400, details: { "s-text": expect.stringContaining("500") } });
    expect(await t.db.questionResponse.count({ where: { attemptId: attempt.id } })).toBe(0);
  });

  it("past the deadline a save is a 409 and the attempt is submitted with the saved answers, as of the deadline", async () => {
    const u = await createTestUser(t.db);
    const attempt = await started(u.id, sample, timed);
    expect(attempt.deadlineAt?.toISOString()).toBe(at(60).toISOString());
    await saveAnswers(t.db, { attemptId: attempt.id, userId: u.id, bank: sample, answers: { "s-single": { choice: "b" } }, now: at(30) });
    const late = await saveAnswers(t.db, { attemptId: attempt.id, userId: u.id, bank: sample, answers: { "s-tf": { value: false } }, now: at(61) });
    expect(late).toMatchObject({ ok: false, status: 409, error: expect.stringContaining("Time is up") });
    const stored = await getOwnAttempt(t.db, attempt.id, u.id);
    expect(stored).toMatchObject({ status: "submitted", autoSubmitted: true, score: 1, maxScore: 5 });
    expect(stored?.submittedAt?.toISOString()).toBe(at(60).toISOString());
    // A submit arriving afterwards (the client timer) gets the same result and changes nothing.
    const again = await submitAttempt(t.db, { attemptId: attempt.id, userId: u.id, bank: sample, answers: { "s-tf": { value: false } }, now: at(62) });
    expect(again).toMatchObject({ ok: true, alreadySubmitted: true, autoSubmitted: true, score: 1 });
  });

  it("a submit that arrives after the deadline ignores its answers and grades the saved ones", async () => {
    const u = await createTestUser(t.db);
    const attempt = await started(u.id, sample, timed);
    await saveAnswers(t.db, { attemptId: attempt.id, userId: u.id, bank: sample, answers: { "s-numeric": { value: 50 } }, now: at(10) });
    const r = await submitAttempt(t.db, { attemptId: attempt.id, userId: u.id, bank: sample, answers: { "s-single": { choice: "b" } }, now: at(75) });
    expect(r).toMatchObject({ ok: true, alreadySubmitted: false, autoSubmitted: true, score: 1 });
  });

  it("reading an expired attempt submits it; listing submits every expired attempt", async () => {
    const u = await createTestUser(t.db);
    const a = await started(u.id, sample, timed);
    expect((await loadOwnAttempt(t.db, a.id, u.id, sample, at(59)))?.status).toBe("in_progress");
    expect((await loadOwnAttempt(t.db, a.id, u.id, sample, at(60)))?.status).toBe("submitted");
    const v = await createTestUser(t.db);
    const b = await started(v.id, sample, timed);
    expect(await finaliseExpiredAttempts(t.db, v.id, () => sample, at(120))).toBe(1);
    expect((await getOwnAttempt(t.db, b.id, v.id))?.autoSubmitted).toBe(true);
    // An expired open attempt does not block a new one.
    const next = await startAttempt(t.db, { userId: u.id, bank: sample, policy: timed, now: at(200) });
    expect(next).toMatchObject({ ok: true, resumed: false, attempt: { attemptNumber: 2 } });
  });

  it("a policy from outside: close date caps the deadline and refuses late starts; attempts are counted", async () => {
    const u = await createTestUser(t.db);
    const policy: AttemptPolicy = { attemptsAllowed: 1, timeLimitSeconds: 3600, closesAt: at(90) };
    const a = await started(u.id, sample, policy);
    expect(a.deadlineAt?.toISOString()).toBe(at(90).toISOString());
    expect(a.closesAt?.toISOString()).toBe(at(90).toISOString());
    await submitAttempt(t.db, { attemptId: a.id, userId: u.id, bank: sample, answers: {}, now: at(10) });
    expect(await startAttempt(t.db, { userId: u.id, bank: sample, policy, now: at(20) })).toMatchObject({ ok: false, status: 409, error: expect.stringContaining("all 1 attempts") });
    const v = await createTestUser(t.db);
    expect(await startAttempt(t.db, { userId: v.id, bank: sample, policy, now: at(91) })).toMatchObject({ ok: false, status: 409, error: expect.stringContaining("closed") });
  });

});

describe(`random draws and immediate feedback (${testProvider})`, () => {
  const drawn = parseBank(
    "content/quizzes/drawn-bank.yaml",
    sampleBankYaml.replace("id: sample-bank", "id: drawn-bank").replace("attemptsAllowed: 3", "attemptsAllowed: null\ndraw: { count: 2 }"),
  );

  it("draws N questions per attempt and avoids repeats while the pool allows", async () => {
    const u = await createTestUser(t.db);
    const seen: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const a = await started(u.id, drawn);
      const ids = JSON.parse(a.questionIds) as string[];
      expect(ids).toHaveLength(2);
      seen.push(ids);
      await submitAttempt(t.db, { attemptId: a.id, userId: u.id, bank: drawn, answers: {} });
    }
    // 5 questions, 2 per attempt: the first 4 drawn are all different, the 5th comes before any repeat.
    expect(new Set([...seen[0]!, ...seen[1]!]).size).toBe(4);
    expect(seen[2]).toContain(drawn.questions.map((q) => q.id).find((id) => !seen[0]!.includes(id) && !seen[1]!.includes(id)));
  });

  it("checking an answer returns its feedback, locks it, and the submit keeps it", async () => {
    const immediate = parseBank("content/quizzes/immediate.yaml", sampleBankYaml.replace("id: sample-bank", "id: immediate").replace("passMark: 0.5", "passMark: 0.5\nfeedback: immediately"));
    const u = await createTestUser(t.db);
    const a = await started(u.id, immediate);
    const checked = await checkAnswer(t.db, { attemptId: a.id, userId: u.id, bank: immediate, questionId: "s-single", answer: { choice: "a" }, review: reviewOf(immediate) });
    expect(checked).toMatchObject({ ok: true, correct: false, correctAnswer: "8472", explanation: expect.stringContaining("SENTINEL-EXPLANATION-SINGLE") });
    expect(await checkAnswer(t.db, { attemptId: a.id, userId: u.id, bank: immediate, questionId: "s-single", answer: { choice: "b" }, review: reviewOf(immediate) })).toMatchObject({ ok: false, status: 409 });
    expect(await saveAnswers(t.db, { attemptId: a.id, userId: u.id, bank: immediate, answers: { "s-single": { choice: "b" } } })).toMatchObject({ ok: false, status: 409 });
    const r = await submitAttempt(t.db, { attemptId: a.id, userId: u.id, bank: immediate, answers: { "s-single": { choice: "b" }, "s-tf": { value: false } } });
    expect(r).toMatchObject({ ok: true, score: 1 });
    // A quiz without immediate feedback refuses to check.
    const b = await started(u.id, sample);
    expect(await checkAnswer(t.db, { attemptId: b.id, userId: u.id, bank: sample, questionId: "s-single", answer: { choice: "b" }, review: reviewOf(sample) })).toMatchObject({ ok: false, status: 403 });
  });
});
