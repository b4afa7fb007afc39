import "server-only";
import type { Db } from "./db/client";

/** Lesson completion, stored per user and lesson. */
export async function markLessonComplete(db: Db, userId: string, lessonSlug: string, now = new Date()) {
  return db.lessonProgress.upsert({
    where: { userId_lessonSlug: { userId, lessonSlug } },
    create: { userId, lessonSlug, status: "completed", completedAt: now },
    update: { status: "completed", completedAt: now },
  });
}

/** Marks a lesson as not done again (the learner un-ticks it). */
export async function markLessonIncomplete(db: Db, userId: string, lessonSlug: string) {
  return db.lessonProgress.upsert({
    where: { userId_lessonSlug: { userId, lessonSlug } },
    create: { userId, lessonSlug, status: "in_progress" },
    update: { status: "in_progress", completedAt: null },
  });
}

export function listLessonProgress(db: Db, userId: string) {
  return db.lessonProgress.findMany({ where: { userId }, orderBy: { updatedAt: "desc" } });
}
