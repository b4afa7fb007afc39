import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { jsonError, parseJsonBody } from "@/lib/http.server";
import { labReviewOf, submitLabAttempt } from "@/lib/labs.server";
import { z } from "zod";
import { labDiagnosisSchema } from "@/lib/labs";

const labSubmitSchema = z.object({ diagnosis: labDiagnosisSchema }).strict();

type Params = { params: Promise<{ labAttemptId: string }> };

/**
 * Grades the caller's attempt by the state their commands left (replayed on the server) and
 * their diagnosis. Idempotent: a repeat returns the first grade.
 */
export async function POST(request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { labAttemptId: attemptId } = await params;
  const body = await parseJsonBody(request, labSubmitSchema);
  if (body.response) return body.response;
  const result = await submitLabAttempt(db, { userId: auth.user.id, attemptId, diagnosis: body.data.diagnosis });
  if (!result.ok) return jsonError(result.status, result.error);
  // An assignment may hold the score back (its review options): then the answer says only that it is in.
  const review = await labReviewOf(db, { userId: auth.user.id, labSlug: result.labSlug, assignmentId: result.assignmentId, status: "submitted" });
  return NextResponse.json(review.showScore ? { submitted: true, score: result.score, maxScore: result.maxScore, checks: result.checks } : { submitted: true });
}
