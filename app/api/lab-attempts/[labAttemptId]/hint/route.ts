import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { jsonError } from "@/lib/http.server";
import { takeLabHint } from "@/lib/labs.server";

type Params = { params: Promise<{ labAttemptId: string }> };

/** The next hint for the caller's open attempt, chosen from what they have not looked at yet. */
export async function POST(_request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { labAttemptId: attemptId } = await params;
  const result = await takeLabHint(db, { userId: auth.user.id, attemptId });
  if (!result.ok) return jsonError(result.status, result.error);
  return NextResponse.json({ hint: result.hint, hints: result.hints });
}
