import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import type { LoadedBank } from "./content/quiz-banks.server";
import type { Db, Tx } from "./db/client";
import { sql, sqlList } from "./db/sql";
import {
  describeAnswer,
  describeCorrectAnswer,
  drawQuestions,
  explanationFor,
  gradeAnswer,
  parseAnswer,
  toPublicQuestion,
  type Answer,
  type CheckedFeedback,
  type GradeResult,
  type PublicQuestion,
  type Question,
  type ReviewOptions,
  type ReviewVisibility,
} from "./quiz";
import { allowsChecking } from "./quiz/review-options";

/**
 * Quiz attempts: start, autosave, check (immediate feedback), submit, review. Graded here,
 * on the server, with server time. Every function takes the caller's user id and only ever
 * touches that user's attempts. Failures come back as `{ ok: false, status, error }` so route
 * handlers can answer 4xx with the message.
 *
 * Time: an attempt's `deadlineAt` (whatever policy set it) is the rule. Any read or write of
 * an in-progress attempt past its deadline first submits it with the answers saved before
 * the deadline, graded as of the deadline (`finaliseIfExpired`); answers arriving later are
 * refused with a 409.
 *
 * Concurrency (docs/decisions/010-attempt-concurrency.md): every write to an attempt (save,
 * check, submit, the deadline's own submit) runs in one transaction that first takes the
 * attempt's row lock (`lockAttempt`) and only then reads its status, deadline and responses.
 * So on PostgreSQL, as on SQLite, they happen one after another per attempt: a save either
 * lands before the submit (and is graded) or sees the attempt submitted (409); the grade is
 * computed from exactly the rows the submitting transaction read. Starts of one learner
 * serialise the same way on the learner's row, so a double click opens one attempt.
 */
export type Failure = { ok: false; status: 400 | 403 | 404 | 409; error: string; details?: Record<string, string> };

type AttemptRow = Awaited<ReturnType<Db["quizAttempt"]["findFirstOrThrow"]>>;

/**
 * The rules an attempt starts under. Defaults come from the bank's settings
 * (`policyFromBank`); an assignment passes its own (due date, limits, overrides).
 */
export interface AttemptPolicy {
  /** Attempts a learner may start (null: unlimited). */
  attemptsAllowed: number | null;
  timeLimitSeconds: number | null;
  /** No attempt starts after this; an open attempt ends at it. */
  closesAt: Date | null;
  /** Counts attempts per assignment instead of per quiz when set. */
  assignmentId?: string | null;
}

export function policyFromBank(bank: Pick<LoadedBank, "attemptsAllowed" | "timeLimitSeconds" | "closesAt">): AttemptPolicy {
  return { attemptsAllowed: bank.attemptsAllowed, timeLimitSeconds: bank.timeLimitSeconds, closesAt: bank.closesAt ? new Date(bank.closesAt) : null };
}

function questionIdsOf(attempt: { questionIds: string }): string[] {
  return JSON.parse(attempt.questionIds) as string[];
}

function formatInstant(d: Date): string {
  return `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

/** An extra rule checked when a new attempt would start (e.g. an assignment's window), given the attempts already used in the series. */
export type StartAdmission = (attemptsUsed: number) => { ok: true } | { ok: false; message: string };

/**
 * Starts an attempt, or returns the learner's attempt already in progress in this series
 * (practice, or one assignment). Idempotent: concurrent starts of one learner run one after
 * another on the learner's row lock, so a double click (or a hundred) opens one attempt and
 * every caller gets it; "all attempts used" is only said when none is open.
 */
export async function startAttempt(
  db: Db,
  input: {
    userId: string;
    bank: LoadedBank;
    policy?: AttemptPolicy;
    now?: Date;
    questionIds?: string[];
    /** Questions a draw must leave out (a graded draw leaves out the public check-yourself ones). */
    excludeQuestionIds?: ReadonlySet<string>;
    admit?: StartAdmission;
  },
): Promise<{ ok: true; attempt: AttemptRow; resumed: boolean } | Failure> {
  const { userId, bank } = input;
  const now = input.now ?? new Date();
  const policy = input.policy ?? policyFromBank(bank);
  // Practice attempts and each assignment's attempts are separate series: an open attempt
  // of one is never resumed as the other.
  const series = { userId, quizId: bank.id, assignmentId: policy.assignmentId ?? null };
  // Fast path without the lock: an open attempt still in time is the answer for every
  // repeated click, so a burst queues on the lock only until the first attempt exists.
  const open = await db.quizAttempt.findFirst({ where: { ...series, status: "in_progress" } });
  if (open && (!open.deadlineAt || open.deadlineAt.getTime() > now.getTime())) return { ok: true, attempt: open, resumed: true };
  return db.$transaction(async (tx): Promise<{ ok: true; attempt: AttemptRow; resumed: boolean } | Failure> => {
    // The learner's row is the lock for their starts: on PostgreSQL the update holds it to
    // commit, so the next start reads the attempts this one created. (No attempt row exists
    // yet to lock, and the unique attempt number alone let a later start open attempt #2.)
    const learner = await tx.user.updateMany({ where: { id: userId }, data: { updatedAt: new Date() } });
    if (learner.count === 0) return { ok: false, status: 404, error: "No such user." };
    const open = await tx.quizAttempt.findFirst({ where: { ...series, status: "in_progress" } });
    if (open) {
      const locked = await lockAttempt(tx, open.id, userId);
      if (locked.state === "open" && !(await finaliseLockedIfExpired(tx, locked.attempt, bank, now))) {
        return { ok: true, attempt: locked.attempt, resumed: true };
      }
    }
    const earlier = await tx.quizAttempt.findMany({
      where: { userId, quizId: bank.id },
      orderBy: { attemptNumber: "desc" },
      select: { attemptNumber: true, questionIds: true, assignmentId: true },
    });
    const used = earlier.filter((a) => a.assignmentId === series.assignmentId).length;
    const admitted = input.admit?.(used);
    if (admitted && !admitted.ok) return { ok: false, status: 409, error: admitted.message };
    if (policy.closesAt && policy.closesAt.getTime() <= now.getTime()) {
      return { ok: false, status: 409, error: `This quiz closed at ${formatInstant(policy.closesAt)}.` };
    }
    if (policy.attemptsAllowed !== null && used >= policy.attemptsAllowed) {
      return { ok: false, status: 409, error: `You have used all ${policy.attemptsAllowed} attempts at this quiz.` };
    }
    const seed = randomInt(0, 2 ** 31 - 1);
    const exclude = input.excludeQuestionIds;
    const pool = exclude?.size ? { ...bank, questions: bank.questions.filter((q) => !exclude.has(q.id)) } : bank;
    const questionIds = input.questionIds ?? drawQuestions(pool, seed, earlier.map(questionIdsOf));
    const limit = policy.timeLimitSeconds ? new Date(now.getTime() + policy.timeLimitSeconds * 1000) : null;
    const deadlineAt = limit && policy.closesAt ? (limit < policy.closesAt ? limit : policy.closesAt) : (limit ?? policy.closesAt);
    const attempt = await tx.quizAttempt.create({
      data: {
        ...series,
        attemptNumber: (earlier[0]?.attemptNumber ?? 0) + 1,
        seed,
        questionIds: JSON.stringify(questionIds),
        bankVersion: bank.version,
        startedAt: now,
        deadlineAt,
        closesAt: policy.closesAt,
      },
    });
    return { ok: true, attempt, resumed: false };
  });
}

/** The user's own attempt, or null: another learner's attempt id looks exactly like a missing one. */
export function getOwnAttempt(db: Db, attemptId: string, userId: string) {
  return db.quizAttempt.findFirst({ where: { id: attemptId, userId }, include: { responses: true } });
}

/**
 * The user's own attempt with its responses, after submitting it if its time ran out.
 * Pages read attempts through this so an expired attempt is never shown as open.
 */
export async function loadOwnAttempt(db: Db, attemptId: string, userId: string, bank: LoadedBank | null, now = new Date()) {
  const attempt = await getOwnAttempt(db, attemptId, userId);
  if (!attempt || !bank || attempt.quizId !== bank.id) return attempt;
  const finalised = await finaliseIfExpired(db, attempt, bank, now);
  return finalised ? getOwnAttempt(db, attemptId, userId) : attempt;
}

/** The questions of an attempt as the browser may see them while it is in progress. */
export function publicQuestionsFor(attempt: { questionIds: string; seed: number }, bank: LoadedBank): PublicQuestion[] {
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  return questionIdsOf(attempt)
    .map((id) => byId.get(id))
    .filter((q): q is Question => q !== undefined)
    .map((q) => toPublicQuestion(q, attempt.seed, bank.shuffleOptions));
}

/** Saved answers of an in-progress attempt, for the form to resume with (answers only, no grades). */
export function savedAnswersOf(attempt: { responses: { questionId: string; answer: string; checkedAt: Date | null }[] }): {
  answers: Record<string, unknown>;
  checked: string[];
} {
  const answers: Record<string, unknown> = {};
  const checked: string[] = [];
  for (const r of attempt.responses) {
    const value = JSON.parse(r.answer) as unknown;
    if (value !== null) answers[r.questionId] = value;
    if (r.checkedAt) checked.push(r.questionId);
  }
  return { answers, checked };
}

interface Graded {
  question: Question;
  answer: Answer | null;
  result: GradeResult;
}

/** Validates raw answers against the attempt's questions; problems are keyed by question id. */
function validateAnswers(ids: string[], bank: LoadedBank, seed: number, answers: Record<string, unknown>) {
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  const details: Record<string, string> = {};
  const parsed = new Map<string, Answer | null>();
  for (const [key, raw] of Object.entries(answers)) {
    const question = ids.includes(key) ? byId.get(key) : undefined;
    if (!question) {
      details[key] = `"${key.slice(0, 100)}" is not a question of this attempt.`;
      continue;
    }
    if (raw === null) {
      parsed.set(key, null);
      continue;
    }
    const p = parseAnswer(question, raw, seed);
    if (p.ok) parsed.set(key, p.answer);
    else details[key] = p.message;
  }
  return { details, parsed };
}

function gradeAll(attempt: { id: string; seed: number; questionIds: string }, bank: LoadedBank, answers: Map<string, Answer | null>): Graded[] {
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  return questionIdsOf(attempt).map((id) => {
    const question = byId.get(id);
    if (!question) throw new Error(`Question ${id} of attempt ${attempt.id} is missing from bank ${bank.id}`);
    const answer = answers.get(id) ?? null;
    return { question, answer, result: gradeAnswer(question, answer, attempt.seed) };
  });
}

function storedAnswers(responses: { questionId: string; answer: string }[]): Map<string, Answer | null> {
  return new Map(responses.map((r) => [r.questionId, JSON.parse(r.answer) as Answer | null]));
}

type LockedAttempt = { state: "missing" } | { state: "submitted"; attempt: AttemptRow } | { state: "open"; attempt: AttemptRow };

/**
 * Takes the attempt's row lock for the rest of the transaction, then reads the attempt.
 * The lock is a conditional write (`status = in_progress`), which both databases
 * serialise: PostgreSQL holds the row lock to commit and re-checks the condition after
 * waiting, SQLite has one writer at a time. Everything read after it (status, deadline,
 * responses) is therefore what the previous writer committed, and no other save, check or
 * submit of this attempt can interleave before this transaction ends. A submitted attempt
 * is never written again, so it needs no lock.
 */
async function lockAttempt(tx: Tx, attemptId: string, userId: string): Promise<LockedAttempt> {
  // One statement (UPDATE … RETURNING on both databases) takes the lock, checks the owner
  // and reads the row: on PostgreSQL the returned row is the version the update wrote, i.e.
  // after any previous lock holder committed. Only a refused claim (someone else's, missing
  // or submitted attempt) costs a second read, to tell 404 from "already submitted".
  const [claimed] = await tx.quizAttempt.updateManyAndReturn({ where: { id: attemptId, userId, status: "in_progress" }, data: { updatedAt: new Date() } });
  if (claimed) return { state: "open", attempt: claimed };
  const attempt = await tx.quizAttempt.findFirst({ where: { id: attemptId, userId } });
  return attempt ? { state: "submitted", attempt } : { state: "missing" };
}

/**
 * The bank of an attempt: a bank the caller already has, or a lookup by the attempt's quiz
 * id. Routes pass the lookup, so the attempt's quiz is learnt from the locking statement
 * itself instead of a separate ownership query before the transaction.
 */
export type BankSource = LoadedBank | ((quizId: string) => LoadedBank | null);

const NO_SUCH_ATTEMPT: Failure = { ok: false, status: 404, error: "No such attempt." };
const NO_SUCH_QUIZ: Failure = { ok: false, status: 404, error: "This quiz no longer exists." };

/** The bank of the locked attempt, or the 404 to answer: an attempt of another quiz than the bank given, or a quiz that is gone. */
function bankOfAttempt(source: BankSource, attempt: AttemptRow): LoadedBank | Failure {
  if (typeof source === "function") return source(attempt.quizId) ?? NO_SUCH_QUIZ;
  return source.id === attempt.quizId ? source : NO_SUCH_ATTEMPT;
}

const isFailure = (x: LoadedBank | Failure): x is Failure => "ok" in x && x.ok === false;

/**
 * Grades the locked attempt from the responses read now, inside the lock (with `overrides`
 * merged over unchecked ones), and writes the grades, the score and the submitted status.
 * Every stored grade is thus computed from the answer stored next to it.
 */
async function gradeAndSubmitLocked(
  tx: Tx,
  attempt: AttemptRow,
  bank: LoadedBank,
  overrides: Map<string, Answer | null>,
  at: Date,
  autoSubmitted: boolean,
): Promise<AttemptRow> {
  const responses = await tx.questionResponse.findMany({ where: { attemptId: attempt.id } });
  const answers = storedAnswers(responses);
  const checked = new Set(responses.filter((r) => r.checkedAt).map((r) => r.questionId));
  // Checked answers are final: the submitted form cannot change them.
  for (const [id, answer] of overrides) if (!checked.has(id)) answers.set(id, answer);
  const graded = gradeAll(attempt, bank, answers);
  const score = graded.reduce((s, g) => s + g.result.points, 0);
  const maxScore = graded.reduce((s, g) => s + g.result.maxPoints, 0);
  // Every graded row is written in two statements, not one upsert per question: Prisma has no
  // multi-row update with a value per row, so the graded questions' rows are deleted and
  // inserted again with their ids, creation and save times, check and override carried over.
  // This runs inside the attempt's lock and commits with the status, so no reader outside
  // the transaction ever sees the rows missing; rows of questions not graded here are untouched.
  const before = new Map(responses.map((r) => [r.questionId, r]));
  await tx.questionResponse.deleteMany({ where: { attemptId: attempt.id, questionId: { in: graded.map((g) => g.question.id) } } });
  await tx.questionResponse.createMany({
    data: graded.map((g) => {
      const old = before.get(g.question.id);
      return {
        ...(old ? { id: old.id, createdAt: old.createdAt } : {}),
        attemptId: attempt.id,
        questionId: g.question.id,
        answer: JSON.stringify(g.answer),
        savedAt: old?.savedAt ?? at,
        checkedAt: old?.checkedAt ?? null,
        manualPoints: old?.manualPoints ?? null,
        manualComment: old?.manualComment ?? null,
        points: g.result.points,
        maxPoints: g.result.maxPoints,
        correct: g.result.correct,
        gradedAt: at,
      };
    }),
  });
  return tx.quizAttempt.update({ where: { id: attempt.id }, data: { status: "submitted", submittedAt: at, score, maxScore, autoSubmitted } });
}

/** Inside the lock: submits the attempt as of its deadline if that has passed. True when it did. */
async function finaliseLockedIfExpired(tx: Tx, attempt: AttemptRow, bank: LoadedBank, now: Date): Promise<boolean> {
  if (!attempt.deadlineAt || attempt.deadlineAt.getTime() > now.getTime()) return false;
  await gradeAndSubmitLocked(tx, attempt, bank, new Map(), attempt.deadlineAt, true);
  return true;
}

/**
 * Submits an in-progress attempt whose deadline has passed, with the answers saved before
 * it, graded as of the deadline. Returns true when the attempt is (now) submitted by this
 * or a concurrent call, false when it is still open.
 */
export async function finaliseIfExpired(
  db: Db,
  attempt: { id: string; userId: string; status: string; deadlineAt: Date | null },
  bank: LoadedBank,
  now = new Date(),
): Promise<boolean> {
  if (attempt.status !== "in_progress") return true;
  // The row read by the caller decides cheaply whether to lock at all; the locked re-read decides.
  if (!attempt.deadlineAt || attempt.deadlineAt.getTime() > now.getTime()) return false;
  return db.$transaction(async (tx) => {
    const locked = await lockAttempt(tx, attempt.id, attempt.userId);
    if (locked.state !== "open") return true;
    return finaliseLockedIfExpired(tx, locked.attempt, bank, now);
  });
}

/** Submits every expired in-progress attempt of a user (before listing them). */
export async function finaliseExpiredAttempts(db: Db, userId: string, bankOf: (quizId: string) => LoadedBank | null, now = new Date()): Promise<number> {
  const expired = await db.quizAttempt.findMany({ where: { userId, status: "in_progress", deadlineAt: { lte: now } } });
  let count = 0;
  for (const a of expired) {
    const bank = bankOf(a.quizId);
    if (bank && (await finaliseIfExpired(db, a, bank, now))) count++;
  }
  return count;
}

const ALREADY_SUBMITTED: Failure = { ok: false, status: 409, error: "This attempt is already submitted; answers can no longer change." };
const TIME_IS_UP: Failure = { ok: false, status: 409, error: "Time is up: the attempt was submitted with the answers saved before the deadline." };

/**
 * Runs `work` on the caller's own attempt, open and within its deadline, inside the
 * attempt's lock; 404 for a missing or foreign attempt, 409 once it is submitted or its
 * time is up (which submits it, in the same transaction).
 */
async function withOpenAttempt<T>(
  db: Db,
  input: { attemptId: string; userId: string; bank: BankSource; now: Date },
  work: (tx: Tx, attempt: AttemptRow, bank: LoadedBank) => Promise<T | Failure>,
): Promise<T | Failure> {
  try {
    return await db.$transaction(async (tx): Promise<T | Failure> => {
      const locked = await lockAttempt(tx, input.attemptId, input.userId);
      if (locked.state === "missing") return NO_SUCH_ATTEMPT;
      const bank = bankOfAttempt(input.bank, locked.attempt);
      if (isFailure(bank)) return bank;
      if (locked.state === "submitted") return ALREADY_SUBMITTED;
      if (await finaliseLockedIfExpired(tx, locked.attempt, bank, input.now)) return TIME_IS_UP;
      return work(tx, locked.attempt, bank);
    });
  } catch (error) {
    if (error instanceof Refusal) return error.failure;
    throw error;
  }
}

/** Thrown inside a transaction to roll back what it wrote and answer with `failure`. */
class Refusal extends Error {
  constructor(readonly failure: Failure) {
    super(failure.error);
  }
}

/**
 * Writes a save's answers in one statement, however many there are (an upsert per answer
 * made a 10-answer save 13 statements). A row whose answer was already checked is left as
 * it is (the `WHERE` of `DO UPDATE`), so it is missing from what the statement returns;
 * the caller then rolls the whole save back. The SQL is the same on SQLite and PostgreSQL.
 * New rows get a random UUID as their id (Prisma's cuid default runs only in Prisma's own
 * writes); ids are opaque everywhere, so the two forms mix freely.
 */
async function upsertAnswers(tx: Tx, attemptId: string, answers: Map<string, Answer | null>, now: Date): Promise<Set<string>> {
  const rows = [...answers].map(([questionId, answer]) => sql`(${randomUUID()}, ${attemptId}, ${questionId}, ${JSON.stringify(answer)}, ${now}, ${now}, ${now})`);
  const written = await tx.$queryRaw<{ questionId: string }[]>`
    INSERT INTO "QuestionResponse" ("id", "attemptId", "questionId", "answer", "savedAt", "createdAt", "updatedAt")
    VALUES ${sqlList(rows)}
    ON CONFLICT ("attemptId", "questionId") DO UPDATE
      SET "answer" = excluded."answer", "savedAt" = excluded."savedAt", "updatedAt" = excluded."updatedAt"
      WHERE "QuestionResponse"."checkedAt" IS NULL
    RETURNING "questionId"`;
  return new Set(written.map((r) => r.questionId));
}

/**
 * Autosave: stores answers as the learner goes (null clears one). Refused with a 409 once
 * the attempt is submitted or its time is up (which submits it), and for a question whose
 * answer was already checked. The check and the write are one locked transaction, so a
 * save acknowledged here is in the graded set of any later submit.
 */
export async function saveAnswers(
  db: Db,
  input: { attemptId: string; userId: string; bank: BankSource; answers: Record<string, unknown>; now?: Date },
): Promise<{ ok: true; saved: number; deadlineAt: Date | null } | Failure> {
  const now = input.now ?? new Date();
  return withOpenAttempt(db, { ...input, now }, async (tx, attempt, bank) => {
    const { details, parsed } = validateAnswers(questionIdsOf(attempt), bank, attempt.seed, input.answers);
    if (Object.keys(details).length > 0) return { ok: false, status: 400, error: "Some answers are not valid; nothing was saved.", details };
    if (parsed.size === 0) return { ok: true as const, saved: 0, deadlineAt: attempt.deadlineAt };
    const written = await upsertAnswers(tx, attempt.id, parsed, now);
    const checked = [...parsed.keys()].filter((id) => !written.has(id));
    // Nothing of a save that touches a checked answer is kept: the learner sees the refusal
    // and sends the others again, rather than half a save being acknowledged.
    if (checked.length) throw new Refusal({ ok: false, status: 409, error: `Already checked, so it can no longer change: ${checked.join(", ")}.` });
    return { ok: true as const, saved: parsed.size, deadlineAt: attempt.deadlineAt };
  });
}

/**
 * "Immediately" feedback: grades one answer during the attempt and locks it. Only then does
 * this question's key and explanation go to the browser; the others stay hidden.
 */
export async function checkAnswer(
  db: Db,
  input: {
    attemptId: string;
    userId: string;
    bank: LoadedBank;
    questionId: string;
    answer: unknown;
    /** The attempt's review options and locks (lib/review.server.ts reviewContextOf): checking needs `score: immediately`. */
    review: Pick<ReviewShown, "options" | "hiddenKeys">;
    now?: Date;
  },
): Promise<({ ok: true } & CheckedFeedback) | Failure> {
  const now = input.now ?? new Date();
  if (!allowsChecking(input.review.options)) return { ok: false, status: 403, error: "This quiz shows feedback only after submission." };
  if (input.review.hiddenKeys.has(input.questionId)) {
    return { ok: false, status: 409, error: "This question belongs to an assignment that is still open for you: it cannot be checked until the assignment closes." };
  }
  return withOpenAttempt(db, { ...input, now }, async (tx, attempt): Promise<({ ok: true } & CheckedFeedback) | Failure> => {
    const { details, parsed } = validateAnswers(questionIdsOf(attempt), input.bank, attempt.seed, { [input.questionId]: input.answer });
    const answer = parsed.get(input.questionId);
    if (Object.keys(details).length > 0 || answer === undefined) return { ok: false, status: 400, error: details[input.questionId] ?? "Invalid answer.", details };
    if (answer === null) return { ok: false, status: 400, error: "Answer the question before checking it." };
    const question = input.bank.questions.find((q) => q.id === input.questionId) as Question;
    const result = gradeAnswer(question, answer, attempt.seed);
    const data = { answer: JSON.stringify(answer), savedAt: now, checkedAt: now, points: result.points, maxPoints: result.maxPoints, correct: result.correct, gradedAt: now };
    // Inside the attempt's lock nothing else writes this response, so read-then-write is safe.
    const existing = await tx.questionResponse.findUnique({ where: { attemptId_questionId: { attemptId: attempt.id, questionId: question.id } } });
    if (existing?.checkedAt) return { ok: false, status: 409, error: "Already checked." };
    if (existing) await tx.questionResponse.update({ where: { id: existing.id }, data });
    else await tx.questionResponse.create({ data: { attemptId: attempt.id, questionId: question.id, ...data } });
    return { ok: true, ...feedbackFor(question, attempt.seed, result, input.review.options) };
  });
}

/** What a check shows: the grade, plus the right answer and the explanation where the options show those immediately too. */
function feedbackFor(question: Question, seed: number, result: GradeResult, options: ReviewOptions): CheckedFeedback {
  const explain = options.explanations === "immediately";
  return {
    questionId: question.id,
    points: result.points,
    maxPoints: result.maxPoints,
    correct: result.correct,
    correctAnswer: options.rightAnswers === "immediately" ? describeCorrectAnswer(question, seed) : null,
    explanation: explain ? explanationFor(question, seed) : null,
    misconceptions: explain ? result.misconceptions : [],
  };
}

/** Feedback for the questions already checked in an open "immediately" attempt (shown again on reload). */
export function checkedFeedbackOf(
  attempt: { seed: number; responses: { questionId: string; answer: string; checkedAt: Date | null }[] },
  bank: LoadedBank,
  review: Pick<ReviewShown, "options" | "hiddenKeys">,
): Record<string, CheckedFeedback> {
  const out: Record<string, CheckedFeedback> = {};
  if (!allowsChecking(review.options)) return out;
  for (const r of attempt.responses) {
    const question = r.checkedAt && !review.hiddenKeys.has(r.questionId) ? bank.questions.find((q) => q.id === r.questionId) : undefined;
    const answer = JSON.parse(r.answer) as Answer | null;
    if (question && answer !== null) out[r.questionId] = feedbackFor(question, attempt.seed, gradeAnswer(question, answer, attempt.seed), review.options);
  }
  return out;
}

export type SubmitResult =
  | { ok: true; attemptId: string; alreadySubmitted: boolean; autoSubmitted: boolean; score: number; maxScore: number }
  | Failure;

/**
 * Grades and submits an attempt. Idempotent: a double click, a second tab or a retried
 * request finds the attempt already submitted and gets the stored result; only the request
 * that flips the status from in_progress grades, and it writes responses and score in one
 * transaction. Invalid answers are refused with a 400 before anything is written.
 * `answers` are merged over the saved ones; past the deadline they are ignored and the
 * saved answers are submitted as of the deadline.
 */
export async function submitAttempt(
  db: Db,
  input: { attemptId: string; userId: string; bank: BankSource; answers: Record<string, unknown>; now?: Date },
): Promise<SubmitResult> {
  const now = input.now ?? new Date();
  const result = (row: AttemptRow, alreadySubmitted: boolean): SubmitResult => ({
    ok: true,
    attemptId: row.id,
    alreadySubmitted,
    autoSubmitted: row.autoSubmitted,
    score: row.score ?? 0,
    maxScore: row.maxScore ?? 0,
  });
  return db.$transaction(async (tx): Promise<SubmitResult> => {
    const locked = await lockAttempt(tx, input.attemptId, input.userId);
    if (locked.state === "missing") return NO_SUCH_ATTEMPT;
    const bank = bankOfAttempt(input.bank, locked.attempt);
    if (isFailure(bank)) return bank;
    if (locked.state === "submitted") return result(locked.attempt, true);
    const attempt = locked.attempt;
    if (attempt.deadlineAt && attempt.deadlineAt.getTime() <= now.getTime()) {
      return result(await gradeAndSubmitLocked(tx, attempt, bank, new Map(), attempt.deadlineAt, true), false);
    }
    const { details, parsed } = validateAnswers(questionIdsOf(attempt), bank, attempt.seed, input.answers);
    if (Object.keys(details).length > 0) return { ok: false, status: 400, error: "Some answers are not valid; nothing was submitted.", details };
    return result(await gradeAndSubmitLocked(tx, attempt, bank, parsed, now, false), false);
  });
}

/**
 * Regrades a submitted attempt from its stored answers and seed (after a bank fix): path
 * questions rebuild the same cluster from the seed, so only a changed key changes a grade.
 * Returns the new score, or null if the attempt is not submitted.
 */
export async function regradeAttempt(db: Db, attemptId: string, bank: LoadedBank, now = new Date()): Promise<{ score: number; maxScore: number } | null> {
  const attempt = await db.quizAttempt.findUnique({ where: { id: attemptId }, include: { responses: true } });
  if (!attempt || attempt.status !== "submitted" || attempt.quizId !== bank.id) return null;
  const graded = gradeAll(attempt, bank, storedAnswers(attempt.responses));
  const score = graded.reduce((s, g) => s + g.result.points, 0);
  const maxScore = graded.reduce((s, g) => s + g.result.maxPoints, 0);
  await db.$transaction(async (tx) => {
    for (const g of graded) {
      await tx.questionResponse.updateMany({
        where: { attemptId, questionId: g.question.id },
        data: { points: g.result.points, maxPoints: g.result.maxPoints, correct: g.result.correct, gradedAt: now },
      });
    }
    await tx.quizAttempt.update({ where: { id: attemptId }, data: { score, maxScore } });
  });
  return { score, maxScore };
}

/**
 * What a review shows: which parts (from the attempt's review options at this moment) and
 * which questions keep their key, grade and explanation hidden (locked by another open
 * assignment). Built by lib/review.server.ts `reviewContextOf`; instructors get FULL_REVIEW.
 */
export interface ReviewShown {
  options: ReviewOptions;
  visibility: ReviewVisibility;
  hiddenKeys: ReadonlySet<string>;
}

export const FULL_REVIEW: ReviewShown = {
  options: { score: "after-attempt", answers: "after-attempt", rightAnswers: "after-attempt", explanations: "after-attempt" },
  visibility: { score: true, answers: true, rightAnswers: true, explanations: true },
  hiddenKeys: new Set(),
};

/** One question of a submitted attempt, with what the review may show of it (null: hidden for now). */
export interface ReviewItem {
  question: PublicQuestion;
  yourAnswer: string | null;
  correctAnswer: string | null;
  /** Null while the grade is hidden. */
  correct: boolean | null;
  points: number | null;
  maxPoints: number;
  explanation: string | null;
  misconceptions: string[];
  source: { title: string; url: string };
  lessonAnchor: string | null;
  /** The raw answer, so a widget can draw the learner's path against the right one (null when answers are hidden). */
  rawAnswer: unknown;
  /** True when another open assignment locks this question's key. */
  locked: boolean;
  /** The instructor's comment when they set this grade by hand (shown with the grade). */
  comment: string | null;
}

/**
 * The review of a submitted attempt, with only the parts `shown` allows. Throws if called
 * on one in progress: keys stay hidden until submission.
 */
export function buildReview(
  attempt: {
    status: string;
    seed: number;
    questionIds: string;
    responses: { questionId: string; answer: string; manualPoints?: number | null; manualComment?: string | null }[];
  },
  bank: LoadedBank,
  shown: ReviewShown = FULL_REVIEW,
): ReviewItem[] {
  if (attempt.status !== "submitted") throw new Error("buildReview called on an attempt that is not submitted");
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  const responses = storedAnswers(attempt.responses);
  const v = shown.visibility;
  return questionIdsOf(attempt).flatMap((id) => {
    const question = byId.get(id);
    if (!question) return [];
    const answer = responses.get(id) ?? null;
    const graded = gradeAnswer(question, answer, attempt.seed);
    // An instructor's override stands over the computed grade (lib/grading.server.ts).
    const manual = attempt.responses.find((r) => r.questionId === id);
    const overridden = manual?.manualPoints !== null && manual?.manualPoints !== undefined;
    const result = overridden ? { ...graded, points: manual!.manualPoints!, correct: manual!.manualPoints! >= graded.maxPoints } : graded;
    const locked = shown.hiddenKeys.has(id);
    const explain = v.explanations && !locked;
    return [
      {
        question: toPublicQuestion(question, attempt.seed, bank.shuffleOptions),
        yourAnswer: v.answers ? describeAnswer(question, answer, attempt.seed) : null,
        correctAnswer: v.rightAnswers && !locked ? describeCorrectAnswer(question, attempt.seed) : null,
        correct: v.score && !locked ? result.correct : null,
        points: v.score && !locked ? result.points : null,
        maxPoints: result.maxPoints,
        explanation: explain ? explanationFor(question, attempt.seed) : null,
        misconceptions: explain ? result.misconceptions : [],
        source: question.source,
        lessonAnchor: question.lessonAnchor ?? null,
        rawAnswer: v.answers ? answer : null,
        locked,
        comment: overridden && v.score && !locked ? (manual!.manualComment ?? "") : null,
      },
    ];
  });
}

/** A learner's attempts, newest first, for "My progress". */
export function listAttempts(db: Db, userId: string) {
  return db.quizAttempt.findMany({ where: { userId }, orderBy: { startedAt: "desc" }, take: 100 });
}
