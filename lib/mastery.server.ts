import "server-only";
import { bankOfQuestion } from "./content/quiz-banks.server";
import type { Db } from "./db/client";
import type { GradedAnswer } from "./mastery";

/**
 * A learner's graded answers with their topics, from submitted attempts (and answers
 * checked during an attempt). Topics come from the banks: content is code, so a question's
 * topic is read from the file, not stored twice.
 */
export async function gradedAnswersOf(db: Db, userId: string): Promise<GradedAnswer[]> {
  const rows = await db.questionResponse.findMany({
    where: { attempt: { userId, status: "submitted" }, gradedAt: { not: null }, maxPoints: { gt: 0 } },
    select: { questionId: true, attemptId: true, points: true, maxPoints: true, checkedAt: true, attempt: { select: { submittedAt: true } } },
    orderBy: { attempt: { submittedAt: "desc" } },
    take: 2000,
  });
  return rows.flatMap((r) => {
    const topic = bankOfQuestion(r.questionId)?.questions.find((q) => q.id === r.questionId)?.topic;
    // When the learner gave the answer for good: its check, else its attempt's submission
    // (not gradedAt, which a regrade moves).
    const at = r.checkedAt ?? r.attempt.submittedAt;
    if (!topic || !at) return [];
    return [{ questionId: r.questionId, attemptId: r.attemptId, topic, fraction: (r.points ?? 0) / (r.maxPoints ?? 1), at }];
  });
}
