import "server-only";
import { startAttempt, type Failure } from "./attempts.server";
import { REVIEW_QUIZ_ID, type LoadedBank } from "./content/quiz-banks.server";
import type { Db } from "./db/client";
import { missedQuestions } from "./mastery";
import { gradedAnswersOf } from "./mastery.server";
import { answerKeyLocks, describeLock, lockedQuestionIds, practiceLockOn } from "./review.server";

/**
 * Starts (or resumes) a practice attempt: a quiz taken on its own, outside any assignment,
 * or "review what I missed". While an assignment on a quiz is open for this learner,
 * practice must not show its keys (docs/decisions/014-assessment-integrity.md): no practice
 * attempt at that quiz starts, and "review what I missed" leaves its questions out.
 */
export async function startPracticeAttempt(db: Db, userId: string, bank: LoadedBank, now = new Date()) {
  const locks = await answerKeyLocks(db, userId, now);
  const lock = practiceLockOn(locks, bank.id);
  if (lock) return { ok: false, status: 409, error: describeLock(lock) } satisfies Failure;
  let questionIds: string[] | undefined;
  if (bank.id === REVIEW_QUIZ_ID) {
    const open = await db.quizAttempt.findFirst({ where: { userId, quizId: bank.id, status: "in_progress" }, select: { id: true } });
    if (!open) {
      const locked = lockedQuestionIds(locks);
      questionIds = missedQuestions((await gradedAnswersOf(db, userId)).filter((a) => !locked.has(a.questionId)));
      if (questionIds.length === 0) {
        const error = locked.size ? "Nothing to review now: your missed questions belong to assignments that are still open." : "Nothing to review: you have no wrong answers yet.";
        return { ok: false, status: 409, error } satisfies Failure;
      }
    }
  }
  return startAttempt(db, { userId, bank, questionIds, now });
}
