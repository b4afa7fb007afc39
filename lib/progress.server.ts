import "server-only";
import type { Db } from "./db/client";
import type { LocalLessonProgress } from "./progress-entry";

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

/**
 * Records that the learner opened a lesson: an "in progress" row if there is none yet.
 * Never downgrades a completed lesson, so it is safe to call on every visit.
 */
export async function markLessonStarted(db: Db, userId: string, lessonSlug: string) {
  return db.lessonProgress.upsert({
    where: { userId_lessonSlug: { userId, lessonSlug } },
    create: { userId, lessonSlug, status: "in_progress" },
    update: {},
  });
}

export function listLessonProgress(db: Db, userId: string) {
  return db.lessonProgress.findMany({ where: { userId }, orderBy: { updatedAt: "desc" } });
}

export interface ProgressImportResult {
  /** Lessons whose stored state changed (new row, or now completed). */
  changed: string[];
  /** Lessons the account already had at least at this state. */
  unchanged: string[];
}

/**
 * Merges progress kept in a browser into the account. Rows only move forward (nothing →
 * in progress → completed), never back, so importing twice, or importing stale data after
 * progress was made signed in, loses nothing. The caller has checked that every slug is a
 * lesson. A completion time from the browser is kept (clamped to `now`) so My progress
 * shows when the lesson was really finished.
 */
export async function importLessonProgress(
  db: Db,
  userId: string,
  rows: readonly LocalLessonProgress[],
  now = new Date(),
): Promise<ProgressImportResult> {
  return db.$transaction(async (tx) => {
    const existing = new Map(
      (await tx.lessonProgress.findMany({ where: { userId, lessonSlug: { in: rows.map((r) => r.slug) } } })).map((r) => [r.lessonSlug, r]),
    );
    const result: ProgressImportResult = { changed: [], unchanged: [] };
    for (const row of rows) {
      const stored = existing.get(row.slug);
      if (row.status === "completed" && stored?.status !== "completed") {
        const claimed = row.completedAt ? new Date(row.completedAt) : now;
        const completedAt = claimed.getTime() > now.getTime() ? now : claimed;
        await tx.lessonProgress.upsert({
          where: { userId_lessonSlug: { userId, lessonSlug: row.slug } },
          create: { userId, lessonSlug: row.slug, status: "completed", completedAt },
          update: { status: "completed", completedAt },
        });
        result.changed.push(row.slug);
      } else if (!stored) {
        await tx.lessonProgress.create({ data: { userId, lessonSlug: row.slug, status: "in_progress" } });
        result.changed.push(row.slug);
      } else {
        result.unchanged.push(row.slug);
      }
    }
    return result;
  });
}
