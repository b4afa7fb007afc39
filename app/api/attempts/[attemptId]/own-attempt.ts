import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { requireApiUser } from "@/lib/auth.server";
import { getBank, type LoadedBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { jsonError, parseJsonBody } from "@/lib/http.server";

type Params = { params: Promise<{ attemptId: string }> };

/**
 * What every attempt route does first: the caller (401) and a valid body (400). Which
 * attempt is the caller's is decided by lib/attempts.server.ts in the statement that locks
 * it (`WHERE id = ? AND userId = ?`), so another learner's attempt is a 404 there without
 * a query of its own here.
 */
export async function attemptRequest<S extends z.ZodType>(
  request: Request,
  { params }: Params,
  schema: S,
): Promise<{ response: NextResponse } | { response?: never; userId: string; attemptId: string; body: z.infer<S> }> {
  const auth = await requireApiUser();
  if (auth.response) return { response: auth.response };
  const { attemptId } = await params;
  const body = await parseJsonBody(request, schema);
  if (body.response) return { response: body.response };
  return { userId: auth.user.id, attemptId, body: body.data };
}

/**
 * `attemptRequest`, then the caller's own attempt (404 for anyone else's) and its bank, for
 * routes that need both before the attempt's transaction (the check reads review options).
 */
export async function ownAttemptRequest<S extends z.ZodType>(
  request: Request,
  params: Params,
  schema: S,
): Promise<{ response: NextResponse } | { response?: never; userId: string; attemptId: string; attempt: OwnAttempt; bank: LoadedBank; body: z.infer<S> }> {
  const r = await attemptRequest(request, params, schema);
  if (r.response) return r;
  const attempt = await db.quizAttempt.findFirst({ where: { id: r.attemptId, userId: r.userId } });
  if (!attempt) return { response: jsonError(404, "No such attempt.") };
  const bank = getBank(attempt.quizId);
  if (!bank) return { response: jsonError(404, "This quiz no longer exists.") };
  return { ...r, attempt, bank };
}

type OwnAttempt = NonNullable<Awaited<ReturnType<typeof db.quizAttempt.findFirst>>>;

/** A failure from lib/attempts.server.ts as a JSON response. */
export function failureResponse(failure: { status: number; error: string; details?: Record<string, string> }): NextResponse {
  return NextResponse.json({ error: failure.error, details: failure.details }, { status: failure.status });
}
