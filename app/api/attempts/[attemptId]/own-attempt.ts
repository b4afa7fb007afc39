import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { requireApiUser } from "@/lib/auth.server";
import { getBank, type LoadedBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { jsonError, parseJsonBody } from "@/lib/http.server";

type Params = { params: Promise<{ attemptId: string }> };

/**
 * What every attempt route does first: the caller (401), a valid body (400), the caller's
 * own attempt (404 for anyone else's) and its bank.
 */
export async function ownAttemptRequest<S extends z.ZodType>(
  request: Request,
  { params }: Params,
  schema: S,
): Promise<{ response: NextResponse } | { response?: never; userId: string; attemptId: string; bank: LoadedBank; body: z.infer<S> }> {
  const auth = await requireApiUser();
  if (auth.response) return { response: auth.response };
  const { attemptId } = await params;
  const body = await parseJsonBody(request, schema);
  if (body.response) return { response: body.response };
  const attempt = await db.quizAttempt.findFirst({ where: { id: attemptId, userId: auth.user.id }, select: { quizId: true } });
  if (!attempt) return { response: jsonError(404, "No such attempt.") };
  const bank = getBank(attempt.quizId);
  if (!bank) return { response: jsonError(404, "This quiz no longer exists.") };
  return { userId: auth.user.id, attemptId, bank, body: body.data };
}

/** A failure from lib/attempts.server.ts as a JSON response. */
export function failureResponse(failure: { status: number; error: string; details?: Record<string, string> }): NextResponse {
  return NextResponse.json({ error: failure.error, details: failure.details }, { status: failure.status });
}
