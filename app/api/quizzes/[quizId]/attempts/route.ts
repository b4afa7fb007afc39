import { NextResponse } from "next/server";
import { startAttempt } from "@/lib/attempts.server";
import { requireApiUser } from "@/lib/auth.server";
import { getBank, REVIEW_QUIZ_ID } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { jsonError } from "@/lib/http.server";
import { missedQuestions } from "@/lib/mastery";
import { gradedAnswersOf } from "@/lib/mastery.server";

type Params = { params: Promise<{ quizId: string }> };

/** Starts (or resumes) the caller's attempt at a quiz; for "review what I missed", one built from their wrong answers. */
export async function POST(_request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { quizId } = await params;
  const bank = getBank(quizId);
  if (!bank) return jsonError(404, `There is no quiz "${quizId}".`);
  let questionIds: string[] | undefined;
  if (quizId === REVIEW_QUIZ_ID) {
    const open = await db.quizAttempt.findFirst({ where: { userId: auth.user.id, quizId, status: "in_progress" }, select: { id: true } });
    if (!open) {
      questionIds = missedQuestions(await gradedAnswersOf(db, auth.user.id));
      if (questionIds.length === 0) return jsonError(409, "Nothing to review: you have no wrong answers yet.");
    }
  }
  const result = await startAttempt(db, { userId: auth.user.id, bank, questionIds });
  if (!result.ok) return jsonError(result.status, result.error);
  return NextResponse.json(
    { attemptId: result.attempt.id, resumed: result.resumed, url: `/quizzes/${quizId}/attempts/${result.attempt.id}` },
    { status: result.resumed ? 200 : 201 },
  );
}
