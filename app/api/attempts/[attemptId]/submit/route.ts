import { NextResponse } from "next/server";
import { z } from "zod";
import { assignmentSubmissionBlock } from "@/lib/assignments.server";
import { submitAttempt } from "@/lib/attempts.server";
import { requireApiUser } from "@/lib/auth.server";
import { getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { jsonError, parseJsonBody } from "@/lib/http.server";

type Params = { params: Promise<{ attemptId: string }> };

const bodySchema = z.object({ answers: z.record(z.string().max(100), z.unknown()) }).strict();

/** Grades and submits the caller's attempt. Idempotent: repeating it returns the first result. */
export async function POST(request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { attemptId } = await params;
  const body = await parseJsonBody(request, bodySchema);
  if (body.response) return body.response;
  const attempt = await db.quizAttempt.findFirst({ where: { id: attemptId, userId: auth.user.id }, select: { quizId: true } });
  if (!attempt) return jsonError(404, "No such attempt.");
  const bank = getBank(attempt.quizId);
  if (!bank) return jsonError(404, "This quiz no longer exists.");
  const closed = await assignmentSubmissionBlock(db, attemptId, auth.user.id); // issue 7: an assignment's close date blocks submission
  if (closed) return jsonError(409, closed);
  const result = await submitAttempt(db, { attemptId, userId: auth.user.id, bank, answers: body.data.answers });
  if (!result.ok) return NextResponse.json({ error: result.error, details: result.details }, { status: result.status });
  return NextResponse.json(result);
}
