import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth.server";
import { getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { jsonError } from "@/lib/http.server";
import { startPracticeAttempt } from "@/lib/practice.server";

type Params = { params: Promise<{ quizId: string }> };

/** Starts (or resumes) the caller's practice attempt at a quiz; for "review what I missed", one built from their wrong answers. */
export async function POST(_request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { quizId } = await params;
  const bank = getBank(quizId);
  if (!bank) return jsonError(404, `There is no quiz "${quizId}".`);
  const result = await startPracticeAttempt(db, auth.user.id, bank);
  if (!result.ok) return jsonError(result.status, result.error);
  return NextResponse.json(
    { attemptId: result.attempt.id, resumed: result.resumed, url: `/quizzes/${quizId}/attempts/${result.attempt.id}` },
    { status: result.resumed ? 200 : 201 },
  );
}
