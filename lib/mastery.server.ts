import "server-only";
import { getLesson } from "./content/lessons.server";
import { bankOfQuestion } from "./content/quiz-banks.server";
import { getLab } from "./labs";
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

/**
 * A learner's graded lab attempts as answers for mastery: one per topic of the lessons the
 * lab practises (a lab about flannel VXLAN counts towards Flannel and VXLAN), keyed
 * `lab:<slug>` so repeated attempts weigh like repeated answers to one question. Only
 * attempts whose score the learner may see (`visible`) count.
 */
export async function gradedLabAnswersOf(db: Db, userId: string, visible: (attemptId: string) => boolean): Promise<GradedAnswer[]> {
  const rows = await db.labAttempt.findMany({
    where: { userId, status: "submitted", maxScore: { gt: 0 } },
    select: { id: true, labSlug: true, score: true, maxScore: true, submittedAt: true },
    orderBy: { submittedAt: "desc" },
    take: 500,
  });
  return rows.flatMap((r) => {
    const lab = getLab(r.labSlug);
    if (!lab || !r.submittedAt || !visible(r.id)) return [];
    const topics = new Set(lab.lessons.flatMap((slug) => getLesson(slug)?.topics ?? []));
    return [...topics].map((topic) => ({ questionId: `lab:${r.labSlug}`, topic, fraction: (r.score ?? 0) / (r.maxScore ?? 1), at: r.submittedAt! }));
  });
}
