import "server-only";
import { randomInt } from "node:crypto";
import type { LoadedBank } from "./content/quiz-banks.server";
import type { Db } from "./db/client";
import {
  describeAnswer,
  describeCorrectAnswer,
  gradeAnswer,
  parseAnswer,
  toPublicQuestion,
  type Answer,
  type PublicQuestion,
  type Question,
} from "./quiz";

/**
 * Quiz attempts: start, submit (graded here, on the server), review. Every function takes
 * the caller's user id and only ever touches that user's attempts. Failures come back as
 * `{ ok: false, status, error }` so route handlers can answer 4xx with the message.
 */
export type Failure = { ok: false; status: 400 | 403 | 404 | 409; error: string; details?: Record<string, string> };

type AttemptRow = Awaited<ReturnType<Db["quizAttempt"]["findFirstOrThrow"]>>;

function questionIdsOf(attempt: { questionIds: string }): string[] {
  return JSON.parse(attempt.questionIds) as string[];
}

/** Starts an attempt, or returns the learner's attempt already in progress on this quiz. */
export async function startAttempt(
  db: Db,
  // `assignment` (issue 7): set by lib/assignments.server.ts, which has already checked the window and attempts left.
  input: { userId: string; bank: LoadedBank; now?: Date; assignment?: { id: string; deadlineAt: Date | null } },
): Promise<{ ok: true; attempt: AttemptRow; resumed: boolean } | Failure> {
  const { userId, bank } = input;
  const now = input.now ?? new Date();
  const scope = { assignmentId: input.assignment?.id ?? null }; // issue 7: practice and assignment attempts resume separately
  const open = await db.quizAttempt.findFirst({ where: { userId, quizId: bank.id, status: "in_progress", ...scope } });
  if (open) return { ok: true, attempt: open, resumed: true };
  for (let tries = 0; tries < 3; tries++) {
    const last = await db.quizAttempt.findFirst({ where: { userId, quizId: bank.id }, orderBy: { attemptNumber: "desc" } });
    const attemptNumber = (last?.attemptNumber ?? 0) + 1;
    if (!input.assignment && bank.attemptsAllowed !== null && attemptNumber > bank.attemptsAllowed) {
      return { ok: false, status: 409, error: `You have used all ${bank.attemptsAllowed} attempts at this quiz.` };
    }
    try {
      const attempt = await db.quizAttempt.create({
        data: {
          userId,
          quizId: bank.id,
          attemptNumber,
          seed: randomInt(0, 2 ** 31 - 1),
          questionIds: JSON.stringify(bank.questions.map((q) => q.id)),
          bankVersion: bank.version,
          startedAt: now,
          assignmentId: scope.assignmentId, // issue 7
          deadlineAt: input.assignment ? input.assignment.deadlineAt : bank.timeLimitSeconds ? new Date(now.getTime() + bank.timeLimitSeconds * 1000) : null,
        },
      });
      return { ok: true, attempt, resumed: false };
    } catch (error) {
      // Two tabs started at once: the unique (user, quiz, attemptNumber) index refused the
      // second insert. Look again: the other tab's attempt is now the open one.
      if ((error as { code?: string }).code !== "P2002") throw error;
      const raced = await db.quizAttempt.findFirst({ where: { userId, quizId: bank.id, status: "in_progress", ...scope } });
      if (raced) return { ok: true, attempt: raced, resumed: true };
    }
  }
  return { ok: false, status: 409, error: "Could not start an attempt; please try again." };
}

/** The user's own attempt, or null: another learner's attempt id looks exactly like a missing one. */
export function getOwnAttempt(db: Db, attemptId: string, userId: string) {
  return db.quizAttempt.findFirst({ where: { id: attemptId, userId }, include: { responses: true } });
}

/** The questions of an attempt as the browser may see them while it is in progress. */
export function publicQuestionsFor(attempt: { questionIds: string; seed: number }, bank: LoadedBank): PublicQuestion[] {
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  return questionIdsOf(attempt)
    .map((id) => byId.get(id))
    .filter((q): q is Question => q !== undefined)
    .map((q) => toPublicQuestion(q, attempt.seed, bank.shuffleOptions));
}

export type SubmitResult = { ok: true; attemptId: string; alreadySubmitted: boolean; score: number; maxScore: number } | Failure;

/**
 * Grades and submits an attempt. Idempotent: a double click, a second tab or a retried
 * request finds the attempt already submitted and gets the stored result; only the request
 * that flips the status from in_progress grades, and it writes responses and score in one
 * transaction. Invalid answers are refused with a 400 before anything is written.
 */
export async function submitAttempt(
  db: Db,
  input: { attemptId: string; userId: string; bank: LoadedBank; answers: Record<string, unknown>; now?: Date },
): Promise<SubmitResult> {
  const now = input.now ?? new Date();
  const attempt = await db.quizAttempt.findFirst({ where: { id: input.attemptId, userId: input.userId } });
  if (!attempt || attempt.quizId !== input.bank.id) return { ok: false, status: 404, error: "No such attempt." };
  if (attempt.status === "submitted") {
    return { ok: true, attemptId: attempt.id, alreadySubmitted: true, score: attempt.score ?? 0, maxScore: attempt.maxScore ?? 0 };
  }

  const ids = questionIdsOf(attempt);
  const byId = new Map(input.bank.questions.map((q) => [q.id, q]));
  const details: Record<string, string> = {};
  for (const key of Object.keys(input.answers)) {
    if (!ids.includes(key)) details[key] = `"${key}" is not a question of this attempt.`;
  }
  const graded = ids.map((id) => {
    const question = byId.get(id);
    if (!question) throw new Error(`Question ${id} of attempt ${attempt.id} is missing from bank ${input.bank.id}`);
    const raw = input.answers[id];
    if (raw === undefined || raw === null) return { question, answer: null, result: gradeAnswer(question, null) };
    const parsed = parseAnswer(question, raw);
    if (!parsed.ok) {
      details[id] = parsed.message;
      return { question, answer: null, result: gradeAnswer(question, null) };
    }
    return { question, answer: parsed.answer, result: gradeAnswer(question, parsed.answer) };
  });
  if (Object.keys(details).length > 0) {
    return { ok: false, status: 400, error: "Some answers are not valid; nothing was submitted.", details };
  }

  const score = graded.reduce((s, g) => s + g.result.points, 0);
  const maxScore = graded.reduce((s, g) => s + g.result.maxPoints, 0);
  const claimed = await db.$transaction(async (tx) => {
    const claim = await tx.quizAttempt.updateMany({
      where: { id: attempt.id, status: "in_progress" },
      data: { status: "submitted", submittedAt: now, score, maxScore },
    });
    if (claim.count === 0) return false;
    for (const g of graded) {
      const data = {
        answer: JSON.stringify(g.answer),
        points: g.result.points,
        maxPoints: g.result.maxPoints,
        correct: g.result.correct,
        gradedAt: now,
        savedAt: now,
      };
      await tx.questionResponse.upsert({
        where: { attemptId_questionId: { attemptId: attempt.id, questionId: g.question.id } },
        create: { attemptId: attempt.id, questionId: g.question.id, ...data },
        update: data,
      });
    }
    return true;
  });
  if (!claimed) {
    const stored = await db.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
    return { ok: true, attemptId: attempt.id, alreadySubmitted: true, score: stored.score ?? 0, maxScore: stored.maxScore ?? 0 };
  }
  return { ok: true, attemptId: attempt.id, alreadySubmitted: false, score, maxScore };
}

/** One question of a submitted attempt, with everything the review page shows. */
export interface ReviewItem {
  question: PublicQuestion;
  yourAnswer: string;
  correctAnswer: string;
  correct: boolean;
  points: number;
  maxPoints: number;
  explanation: string;
  misconceptions: string[];
  source: { title: string; url: string };
  lessonAnchor: string | null;
}

/** The review of a submitted attempt. Throws if called on one in progress: keys stay hidden until submission. */
export function buildReview(
  attempt: { status: string; seed: number; questionIds: string; responses: { questionId: string; answer: string }[] },
  bank: LoadedBank,
): ReviewItem[] {
  if (attempt.status !== "submitted") throw new Error("buildReview called on an attempt that is not submitted");
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  const responses = new Map(attempt.responses.map((r) => [r.questionId, JSON.parse(r.answer) as Answer | null]));
  return questionIdsOf(attempt).flatMap((id) => {
    const question = byId.get(id);
    if (!question) return [];
    const answer = responses.get(id) ?? null;
    const result = gradeAnswer(question, answer);
    return [
      {
        question: toPublicQuestion(question, attempt.seed, bank.shuffleOptions),
        yourAnswer: describeAnswer(question, answer),
        correctAnswer: describeCorrectAnswer(question),
        correct: result.correct,
        points: result.points,
        maxPoints: result.maxPoints,
        explanation: question.explanation,
        misconceptions: result.misconceptions,
        source: question.source,
        lessonAnchor: question.lessonAnchor ?? null,
      },
    ];
  });
}

/** A learner's attempts, newest first, for "My progress". */
export function listAttempts(db: Db, userId: string) {
  return db.quizAttempt.findMany({ where: { userId }, orderBy: { startedAt: "desc" }, take: 100 });
}
