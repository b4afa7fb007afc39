import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth.server";
import { getLesson } from "@/lib/content/lessons.server";
import { db } from "@/lib/db.server";
import { parseJsonBody } from "@/lib/http.server";
import { progressImportSchema } from "@/lib/progress-schema";
import { importLessonProgress } from "@/lib/progress.server";

/**
 * Imports the progress a reader made signed out (kept in their browser) into their account.
 * All or nothing: one unknown lesson rejects the whole body with 400 and writes nothing, so
 * the browser keeps its copy and nothing is lost. Repeating an import changes nothing.
 */
export async function POST(request: Request) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const body = await parseJsonBody(request, progressImportSchema);
  if (body.response) return body.response;
  const unknown = body.data.lessons.filter((l) => !getLesson(l.slug)).map((l) => l.slug);
  if (unknown.length > 0) {
    return NextResponse.json({ error: `There is no lesson ${unknown.map((s) => `"${s}"`).join(", ")}; nothing was imported.`, unknownLessons: unknown }, { status: 400 });
  }
  const result = await importLessonProgress(db, auth.user.id, body.data.lessons);
  return NextResponse.json(result);
}
