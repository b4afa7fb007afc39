import "server-only";
import { randomInt } from "node:crypto";
import type { LoadedBank } from "./content/quiz-banks.server";
import type { Db } from "./db/client";
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

/** Starts an attempt, or returns the learner's attempt already in progress on this quiz. */
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
  },
): Promise<{ ok: true; attempt: AttemptRow; resumed: boolean } | Failure> {
  const { userId, bank } = input;
  const now = input.now ?? new Date();
  const policy = input.policy ?? policyFromBank(bank);
  // Practice attempts and each assignment's attempts are separate series: an open attempt
  // of one is never resumed as the other.
  const assignmentFilter = { assignmentId: policy.assignmentId ?? null };
  const findOpen = () => db.quizAttempt.findFirst({ where: { userId, quizId: bank.id, status: "in_progress", ...assignmentFilter } });
  const open = await findOpen();
  if (open) {
    const finalised = await finaliseIfExpired(db, open, bank, now);
    if (!finalised) return { ok: true, attempt: open, resumed: true };
  }
  if (policy.closesAt && policy.closesAt.getTime() <= now.getTime()) {
    return { ok: false, status: 409, error: `This quiz closed at ${formatInstant(policy.closesAt)}.` };
  }
  for (let tries = 0; tries < 3; tries++) {
    const earlier = await db.quizAttempt.findMany({
      where: { userId, quizId: bank.id },
      orderBy: { attemptNumber: "desc" },
      select: { attemptNumber: true, questionIds: true, assignmentId: true },
    });
    const used = earlier.filter((a) => a.assignmentId === (policy.assignmentId ?? null)).length;
    if (policy.attemptsAllowed !== null && used >= policy.attemptsAllowed) {
      return { ok: false, status: 409, error: `You have used all ${policy.attemptsAllowed} attempts at this quiz.` };
    }
    const attemptNumber = (earlier[0]?.attemptNumber ?? 0) + 1;
    const seed = randomInt(0, 2 ** 31 - 1);
    const exclude = input.excludeQuestionIds;
    const pool = exclude?.size ? { ...bank, questions: bank.questions.filter((q) => !exclude.has(q.id)) } : bank;
    const questionIds = input.questionIds ?? drawQuestions(pool, seed, earlier.map(questionIdsOf));
    const limit = policy.timeLimitSeconds ? new Date(now.getTime() + policy.timeLimitSeconds * 1000) : null;
    const deadlineAt = limit && policy.closesAt ? (limit < policy.closesAt ? limit : policy.closesAt) : (limit ?? policy.closesAt);
    try {
      const attempt = await db.quizAttempt.create({
        data: {
          userId,
          quizId: bank.id,
          assignmentId: policy.assignmentId ?? null,
          attemptNumber,
          seed,
          questionIds: JSON.stringify(questionIds),
          bankVersion: bank.version,
          startedAt: now,
          deadlineAt,
          closesAt: policy.closesAt,
        },
      });
      return { ok: true, attempt, resumed: false };
    } catch (error) {
      // Two tabs started at once: the unique (user, quiz, attemptNumber) index refused the
      // second insert. Look again: the other tab's attempt is now the open one.
      if ((error as { code?: string }).code !== "P2002") throw error;
      const raced = await findOpen();
      if (raced) return { ok: true, attempt: raced, resumed: true };
    }
  }
  return { ok: false, status: 409, error: "Could not start an attempt; please try again." };
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

/**
 * Flips the attempt to submitted and writes every response's grade, in one transaction.
 * Only the caller whose conditional update wins does the writes; returns false otherwise.
 */
async function claimAndWrite(db: Db, attemptId: string, graded: Graded[], at: Date, autoSubmitted: boolean): Promise<boolean> {
  const score = graded.reduce((s, g) => s + g.result.points, 0);
  const maxScore = graded.reduce((s, g) => s + g.result.maxPoints, 0);
  return db.$transaction(async (tx) => {
    const claim = await tx.quizAttempt.updateMany({
      where: { id: attemptId, status: "in_progress" },
      data: { status: "submitted", submittedAt: at, score, maxScore, autoSubmitted },
    });
    if (claim.count === 0) return false;
    for (const g of graded) {
      const data = { answer: JSON.stringify(g.answer), points: g.result.points, maxPoints: g.result.maxPoints, correct: g.result.correct, gradedAt: at };
      await tx.questionResponse.upsert({
        where: { attemptId_questionId: { attemptId, questionId: g.question.id } },
        create: { attemptId, questionId: g.question.id, ...data, savedAt: at },
        update: data,
      });
    }
    return true;
  });
}

/**
 * Submits an in-progress attempt whose deadline has passed, with the answers saved before
 * it, graded as of the deadline. Returns true when the attempt is (now) submitted by this
 * or a concurrent call, false when it is still open.
 */
export async function finaliseIfExpired(
  db: Db,
  attempt: { id: string; status: string; seed: number; questionIds: string; deadlineAt: Date | null },
  bank: LoadedBank,
  now = new Date(),
): Promise<boolean> {
  if (attempt.status !== "in_progress") return true;
  if (!attempt.deadlineAt || attempt.deadlineAt.getTime() > now.getTime()) return false;
  const responses = await db.questionResponse.findMany({ where: { attemptId: attempt.id } });
  await claimAndWrite(db, attempt.id, gradeAll(attempt, bank, storedAnswers(responses)), attempt.deadlineAt, true);
  return true;
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

async function ownOpenAttempt(db: Db, attemptId: string, userId: string, bank: LoadedBank, now: Date): Promise<{ ok: true; attempt: AttemptRow } | Failure> {
  const attempt = await db.quizAttempt.findFirst({ where: { id: attemptId, userId } });
  if (!attempt || attempt.quizId !== bank.id) return { ok: false, status: 404, error: "No such attempt." };
  if (attempt.status === "submitted") return { ok: false, status: 409, error: "This attempt is already submitted; answers can no longer change." };
  if (await finaliseIfExpired(db, attempt, bank, now)) {
    return { ok: false, status: 409, error: "Time is up: the attempt was submitted with the answers saved before the deadline." };
  }
  return { ok: true, attempt };
}

/**
 * Autosave: stores answers as the learner goes (null clears one). Refused with a 409 once
 * the attempt is submitted or its time is up (which submits it), and for a question whose
 * answer was already checked.
 */
export async function saveAnswers(
  db: Db,
  input: { attemptId: string; userId: string; bank: LoadedBank; answers: Record<string, unknown>; now?: Date },
): Promise<{ ok: true; saved: number; deadlineAt: Date | null } | Failure> {
  const now = input.now ?? new Date();
  const open = await ownOpenAttempt(db, input.attemptId, input.userId, input.bank, now);
  if (!open.ok) return open;
  const { attempt } = open;
  const { details, parsed } = validateAnswers(questionIdsOf(attempt), input.bank, attempt.seed, input.answers);
  if (Object.keys(details).length > 0) return { ok: false, status: 400, error: "Some answers are not valid; nothing was saved.", details };
  const checked = await db.questionResponse.findMany({ where: { attemptId: attempt.id, checkedAt: { not: null } }, select: { questionId: true } });
  const locked = checked.map((c) => c.questionId).filter((id) => parsed.has(id));
  if (locked.length) return { ok: false, status: 409, error: `Already checked, so it can no longer change: ${locked.join(", ")}.` };
  await db.$transaction(async (tx) => {
    for (const [questionId, answer] of parsed) {
      const data = { answer: JSON.stringify(answer), savedAt: now };
      await tx.questionResponse.upsert({
        where: { attemptId_questionId: { attemptId: attempt.id, questionId } },
        create: { attemptId: attempt.id, questionId, ...data },
        update: data,
      });
    }
  });
  return { ok: true, saved: parsed.size, deadlineAt: attempt.deadlineAt };
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
  const open = await ownOpenAttempt(db, input.attemptId, input.userId, input.bank, now);
  if (!open.ok) return open;
  const { attempt } = open;
  const { details, parsed } = validateAnswers(questionIdsOf(attempt), input.bank, attempt.seed, { [input.questionId]: input.answer });
  const answer = parsed.get(input.questionId);
  if (Object.keys(details).length > 0 || answer === undefined) return { ok: false, status: 400, error: details[input.questionId] ?? "Invalid answer.", details };
  if (answer === null) return { ok: false, status: 400, error: "Answer the question before checking it." };
  const question = input.bank.questions.find((q) => q.id === input.questionId) as Question;
  const result = gradeAnswer(question, answer, attempt.seed);
  const data = { answer: JSON.stringify(answer), savedAt: now, checkedAt: now, points: result.points, maxPoints: result.maxPoints, correct: result.correct, gradedAt: now };
  // Only an unchecked response may become checked: the conditional update makes a second check a no-op.
  const existing = await db.questionResponse.findUnique({ where: { attemptId_questionId: { attemptId: attempt.id, questionId: question.id } } });
  if (existing?.checkedAt) return { ok: false, status: 409, error: "Already checked." };
  if (existing) {
    const updated = await db.questionResponse.updateMany({ where: { id: existing.id, checkedAt: null }, data });
    if (updated.count === 0) return { ok: false, status: 409, error: "Already checked." };
  } else {
    try {
      await db.questionResponse.create({ data: { attemptId: attempt.id, questionId: question.id, ...data } });
    } catch (error) {
      if ((error as { code?: string }).code === "P2002") return { ok: false, status: 409, error: "Already checked." };
      throw error;
    }
  }
  return { ok: true, ...feedbackFor(question, attempt.seed, result, input.review.options) };
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
  input: { attemptId: string; userId: string; bank: LoadedBank; answers: Record<string, unknown>; now?: Date },
): Promise<SubmitResult> {
  const now = input.now ?? new Date();
  const attempt = await db.quizAttempt.findFirst({ where: { id: input.attemptId, userId: input.userId } });
  if (!attempt || attempt.quizId !== input.bank.id) return { ok: false, status: 404, error: "No such attempt." };
  const stored = async (alreadySubmitted: boolean) => {
    const row = await db.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
    return { ok: true as const, attemptId: row.id, alreadySubmitted, autoSubmitted: row.autoSubmitted, score: row.score ?? 0, maxScore: row.maxScore ?? 0 };
  };
  if (attempt.status === "submitted") return stored(true);
  if (await finaliseIfExpired(db, attempt, input.bank, now)) return stored(false);

  const { details, parsed } = validateAnswers(questionIdsOf(attempt), input.bank, attempt.seed, input.answers);
  if (Object.keys(details).length > 0) return { ok: false, status: 400, error: "Some answers are not valid; nothing was submitted.", details };
  const responses = await db.questionResponse.findMany({ where: { attemptId: attempt.id } });
  const answers = storedAnswers(responses);
  const checked = new Set(responses.filter((r) => r.checkedAt).map((r) => r.questionId));
  // Checked answers are final: the submitted form cannot change them.
  for (const [id, answer] of parsed) if (!checked.has(id)) answers.set(id, answer);
  const claimed = await claimAndWrite(db, attempt.id, gradeAll(attempt, input.bank, answers), now, false);
  return stored(!claimed);
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
