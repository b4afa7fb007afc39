import "server-only";
import { lessonCompletion, topicMastery, weeklyProgress } from "./cohort-dashboard";
import { listLessons } from "./content/lessons.server";
import { loadBanks } from "./content/quiz-banks.server";
import type { Db } from "./db/client";
import { getManagedCohort, type Actor } from "./roles.server";

/**
 * The cohort dashboard: lesson completion and mastery per topic across the cohort's
 * learners, and progress week by week since the cohort started. It shows only what each
 * learner did as a member of this cohort: lessons completed since they joined, and answers
 * to this cohort's assignments. Their practice, other cohorts' work and anything from
 * before they joined stay theirs (docs/decisions/009-access-model.md).
 */
export async function getCohortDashboard(db: Db, actor: Actor, cohortId: string, now = new Date()) {
  const cohort = await getManagedCohort(db, actor, cohortId);
  if (!cohort) return null;
  const memberships = await db.cohortMembership.findMany({ where: { cohortId, role: "learner" }, select: { userId: true, createdAt: true } });
  const learnerIds = memberships.map((m) => m.userId);
  const joinedAt = new Map(memberships.map((m) => [m.userId, m.createdAt]));
  const lessons = listLessons();
  const inThisCohort = { userId: { in: learnerIds }, status: "submitted", assignment: { cohortId } };
  const [completionRows, responseRows, submissions] = await Promise.all([
    db.lessonProgress.findMany({ where: { userId: { in: learnerIds }, status: "completed", completedAt: { not: null } } }),
    db.questionResponse.findMany({
      where: { attempt: inThisCohort, gradedAt: { not: null } },
      select: { questionId: true, points: true, maxPoints: true, gradedAt: true, attempt: { select: { userId: true } } },
    }),
    db.quizAttempt.findMany({ where: { ...inThisCohort, submittedAt: { not: null } }, select: { submittedAt: true } }),
  ]);
  const completions = completionRows
    .filter((c) => c.completedAt! >= joinedAt.get(c.userId)!)
    .map((c) => ({ userId: c.userId, lessonSlug: c.lessonSlug, completedAt: c.completedAt! }));
  const topicOf = new Map<string, string>();
  for (const bank of loadBanks().values()) for (const q of bank.questions) topicOf.set(q.id, q.topic);
  const responses = responseRows.map((r) => ({
    userId: r.attempt.userId,
    questionId: r.questionId,
    fraction: r.maxPoints ? (r.points ?? 0) / r.maxPoints : 0,
    gradedAt: r.gradedAt!,
  }));
  const from = cohort.startDate && cohort.startDate < now ? cohort.startDate : cohort.createdAt;
  return {
    cohort,
    learnerCount: learnerIds.length,
    lessons: lessonCompletion(lessons.map((l) => ({ slug: l.slug, title: `${l.order}. ${l.title}` })), learnerIds, completions),
    topics: topicMastery(topicOf, responses),
    weeks: weeklyProgress({
      from,
      to: now,
      learnerIds,
      lessonCount: lessons.length,
      completions,
      submittedAt: submissions.map((s) => s.submittedAt!),
    }),
  };
}
