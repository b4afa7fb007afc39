import { NextResponse } from "next/server";
import { z } from "zod";
import { submitAttempt } from "@/lib/attempts.server";
import { getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { attemptRequest, failureResponse } from "../own-attempt";

type Params = { params: Promise<{ attemptId: string }> };

/** `answers` are merged over the autosaved ones; the timer submits with none. */
const bodySchema = z.object({ answers: z.record(z.string().max(100), z.unknown()).default({}) }).strict();

/**
 * Grades and submits the caller's attempt. Idempotent: repeating it returns the first result.
 * Past the attempt's deadline (its time limit, or an assignment's close date, whichever is
 * first) the server has already ended it with the answers saved before then, so a late
 * submit returns that result and cannot add answers.
 */
export async function POST(request: Request, params: Params) {
  const r = await attemptRequest(request, params, bodySchema);
  if (r.response) return r.response;
  // The attempt's owner and quiz are checked by the statement that locks it (404 otherwise).
  const result = await submitAttempt(db, { attemptId: r.attemptId, userId: r.userId, bank: getBank, answers: r.body.answers });
  if (!result.ok) return failureResponse(result);
  return NextResponse.json(result);
}
