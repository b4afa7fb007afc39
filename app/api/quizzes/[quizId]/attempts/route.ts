import { NextResponse } from "next/server";
import { startAttempt } from "@/lib/attempts.server";
import { requireApiUser } from "@/lib/auth.server";
import { getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { jsonError } from "@/lib/http.server";

type Params = { params: Promise<{ quizId: string }> };

/** Starts (or resumes) the caller's attempt at a quiz. */
export async function POST(_request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { quizId } = await params;
  const bank = getBank(quizId);
  if (!bank) return jsonError(404, `There is no quiz "${quizId}".`);
  const result = await startAttempt(db, { userId: auth.user.id, bank });
  if (!result.ok) return jsonError(result.status, result.error);
  return NextResponse.json(
    { attemptId: result.attempt.id, resumed: result.resumed, url: `/quizzes/${quizId}/attempts/${result.attempt.id}` },
    { status: result.resumed ? 200 : 201 },
  );
}
