import { NextResponse } from "next/server";
import { z } from "zod";
import { requireApiUser } from "@/lib/auth.server";
import { getLesson } from "@/lib/content/lessons.server";
import { db } from "@/lib/db.server";
import { jsonError, parseJsonBody } from "@/lib/http.server";
import { markLessonComplete, markLessonIncomplete, markLessonStarted } from "@/lib/progress.server";

type Params = { params: Promise<{ slug: string }> };

/** The caller's completion state for one lesson. */
export async function GET(_request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { slug } = await params;
  if (!getLesson(slug)) return jsonError(404, `There is no lesson "${slug}".`);
  const row = await db.lessonProgress.findUnique({ where: { userId_lessonSlug: { userId: auth.user.id, lessonSlug: slug } } });
  return NextResponse.json({ completed: row?.status === "completed", completedAt: row?.completedAt ?? null });
}

const bodySchema = z.object({ completed: z.boolean({ error: "completed must be true or false" }) }).strict();

/** Marks the lesson complete (or not) for the caller. */
export async function PUT(request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { slug } = await params;
  if (!getLesson(slug)) return jsonError(404, `There is no lesson "${slug}".`);
  const body = await parseJsonBody(request, bodySchema);
  if (body.response) return body.response;
  const row = body.data.completed
    ? await markLessonComplete(db, auth.user.id, slug)
    : await markLessonIncomplete(db, auth.user.id, slug);
  return NextResponse.json({ completed: row.status === "completed", completedAt: row.completedAt });
}

/** Records that the caller opened the lesson ("in progress"); a completed lesson stays completed. */
export async function POST(_request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { slug } = await params;
  if (!getLesson(slug)) return jsonError(404, `There is no lesson "${slug}".`);
  const row = await markLessonStarted(db, auth.user.id, slug);
  return NextResponse.json({ completed: row.status === "completed", completedAt: row.completedAt });
}
