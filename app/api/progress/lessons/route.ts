import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth.server";
import { getLesson } from "@/lib/content/lessons.server";
import { db } from "@/lib/db.server";
import { listLessonProgress } from "@/lib/progress.server";

/** The caller's state for every lesson they have opened or finished (the course home's badges). */
export async function GET() {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const rows = await listLessonProgress(db, auth.user.id);
  return NextResponse.json({
    lessons: rows
      .filter((r) => getLesson(r.lessonSlug))
      .map((r) => ({ slug: r.lessonSlug, status: r.status === "completed" ? "completed" : "in_progress", completedAt: r.completedAt })),
  });
}
