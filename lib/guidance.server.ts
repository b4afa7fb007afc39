import "server-only";
import { listMyAssignments } from "./assignments.server";
import { listLessons, getLesson } from "./content/lessons.server";
import { loadBanks } from "./content/quiz-banks.server";
import { topicTitle } from "./content/topics";
import type { Db } from "./db/client";
import { bestAttempt, chooseGuidance, choosePractice, type LessonState, type OpenAssignment, type QuizRef } from "./guidance";
import { topicMastery } from "./mastery";
import { gradedAnswersOf } from "./mastery.server";
import { listLessonProgress } from "./progress.server";
import { answerKeyLocks, attemptsWithVisibleScore } from "./review.server";

/**
 * The facts the guidance is chosen from, read as My progress reads them: scores that the
 * review options (or an open assignment's lock) hide stay hidden, and so do their answers
 * from mastery, which would otherwise hint at them.
 */
async function learnerStanding(db: Db, userId: string, now: Date) {
  const [submitted, graded, locks] = await Promise.all([
    db.quizAttempt.findMany({
      where: { userId, status: "submitted" },
      select: { id: true, userId: true, quizId: true, assignmentId: true, status: true, closesAt: true, questionIds: true, score: true, maxScore: true, submittedAt: true },
    }),
    gradedAnswersOf(db, userId),
    answerKeyLocks(db, userId, now),
  ]);
  const visible = await attemptsWithVisibleScore(db, userId, submitted, now);
  return {
    visibleAttempts: submitted.filter((a) => visible.has(a.id)),
    mastery: topicMastery(graded.filter((a) => a.attemptId === undefined || visible.has(a.attemptId))),
    lockedQuizIds: new Set(locks.map((l) => l.quizId)),
  };
}

/** The course's quizzes a learner can practise with (test banks are not content, so they are left out in production by loadBanks). */
function practiceQuizzes(): QuizRef[] {
  return [...loadBanks().values()].map((b) => ({ id: b.id, title: b.title, topics: b.topics }));
}

function withTopicTitles<T extends { topic: string }>(items: readonly T[]): (T & { topicTitle: string })[] {
  return items.map((i) => ({ ...i, topicTitle: topicTitle(i.topic) }));
}

/** The "what next" block of the course home for one learner. */
export async function guidanceFor(db: Db, userId: string, now = new Date()) {
  const [standing, progress, assignments] = await Promise.all([learnerStanding(db, userId, now), listLessonProgress(db, userId), listMyAssignments(db, userId, now)]);
  const states = new Map<string, LessonState>(progress.map((p) => [p.lessonSlug, p.status === "completed" ? "completed" : "in_progress"]));
  const openAssignments: OpenAssignment[] = assignments
    .filter((a) => (a.summary.status === "not_started" || a.summary.status === "in_progress") && a.opensAt <= now.toISOString() && (a.closesAt === null || a.closesAt > now.toISOString()))
    .map((a) => {
      const unfinished = a.lessons.find((l) => states.get(l.slug) !== "completed");
      const href = a.openAttemptId && a.quizId
        ? `/quizzes/${a.quizId}/attempts/${a.openAttemptId}`
        : a.kind === "lessons" && unfinished
          ? `/lessons/${unfinished.slug}`
          : "#my-assignments-heading";
      return { id: a.id, title: a.title, cohortName: a.cohortName, dueAt: a.dueAt, href };
    });
  const guidance = chooseGuidance({
    lessons: listLessons().map((l) => ({ slug: l.slug, title: l.title })),
    states,
    mastery: standing.mastery,
    quizzes: practiceQuizzes(),
    lockedQuizIds: standing.lockedQuizIds,
    openAssignments,
  });
  return { ...guidance, practise: guidance.practise ? withTopicTitles([guidance.practise])[0]! : null };
}

/**
 * One lesson's results for the learner: their best shown attempt at each of the lesson's
 * quizzes, and the lesson's weak topics with a quiz that practises each. Null for an unknown lesson.
 */
export async function lessonResultsFor(db: Db, userId: string, slug: string, now = new Date()) {
  const lesson = getLesson(slug);
  if (!lesson) return null;
  const standing = await learnerStanding(db, userId, now);
  const quizzes = [...loadBanks().values()].filter((b) => b.lesson === slug);
  const topics = [...new Set([...lesson.topics, ...quizzes.flatMap((q) => q.topics)])];
  return {
    quizzes: quizzes.map((q) => {
      const best = bestAttempt(standing.visibleAttempts.filter((a) => a.quizId === q.id));
      return {
        id: q.id,
        title: q.title,
        best: best ? { attemptId: best.id, score: best.score ?? 0, maxScore: best.maxScore ?? 0, href: `/quizzes/${q.id}/attempts/${best.id}` } : null,
      };
    }),
    practise: withTopicTitles(choosePractice(standing.mastery, practiceQuizzes(), standing.lockedQuizIds, topics)),
  };
}
