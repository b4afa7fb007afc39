import { NextResponse } from "next/server";
import { z } from "zod";
import { checkAnswer } from "@/lib/attempts.server";
import { db } from "@/lib/db.server";
import { reviewContextOf } from "@/lib/review.server";
import { failureResponse, ownAttemptRequest } from "../own-attempt";

type Params = { params: Promise<{ attemptId: string }> };

const bodySchema = z.object({ questionId: z.string().min(1).max(100), answer: z.unknown() }).strict();

/** "Immediately" feedback: grades and locks one answer, and returns its grade, plus its key and explanation where the review options show them immediately. */
export async function POST(request: Request, params: Params) {
  const r = await ownAttemptRequest(request, params, bodySchema);
  if (r.response) return r.response;
  // The attempt's review options (its assignment's or its bank's) decide whether checking shows anything, and another open assignment's lock keeps its questions closed.
  const review = await reviewContextOf(db, r.attempt, r.bank);
  const result = await checkAnswer(db, { attemptId: r.attemptId, userId: r.userId, bank: r.bank, questionId: r.body.questionId, answer: r.body.answer, review });
  if (!result.ok) return failureResponse(result);
  const { ok: _ok, ...feedback } = result;
  return NextResponse.json(feedback);
}
