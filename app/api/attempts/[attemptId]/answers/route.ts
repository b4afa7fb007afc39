import { NextResponse } from "next/server";
import { z } from "zod";
import { saveAnswers } from "@/lib/attempts.server";
import { getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { attemptRequest, failureResponse } from "../own-attempt";

type Params = { params: Promise<{ attemptId: string }> };

const bodySchema = z.object({ answers: z.record(z.string().max(100), z.unknown()) }).strict();

/**
 * Autosave: the form sends changed answers as the learner goes and on page hide (fetch with
 * keepalive). 409 once the attempt is submitted or its time is up.
 */
async function save(request: Request, params: Params) {
  const r = await attemptRequest(request, params, bodySchema);
  if (r.response) return r.response;
  // The attempt's owner and quiz are checked by the statement that locks it (404 otherwise).
  const result = await saveAnswers(db, { attemptId: r.attemptId, userId: r.userId, bank: getBank, answers: r.body.answers });
  if (!result.ok) return failureResponse(result);
  return NextResponse.json({ saved: result.saved, deadlineAt: result.deadlineAt?.toISOString() ?? null });
}

export const PUT = save;
export const POST = save;
